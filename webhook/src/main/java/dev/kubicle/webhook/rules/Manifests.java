package dev.kubicle.webhook.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kubicle.api.serialization.KubicleSerialization;
import dev.kubicle.api.serialization.MayBeUnreadable;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Reads typed parts of the objects in a review; the API server has already applied the CRD schema. */
final class Manifests {
  /** The mapper every Kubicle process reads API objects with (see {@link KubicleSerialization}). */
  static final com.fasterxml.jackson.databind.ObjectMapper JSON = KubicleSerialization.mapper();

  private Manifests() {}

  /**
   * The object under review as {@code type}. Unknown fields are ignored (the API server prunes them); a value of
   * the wrong type, or no spec at all, is refused with a message naming the field.
   */
  static <T> T read(JsonNode node, Class<T> type) {
    T value = readPrevious(node, type);
    if (value instanceof MayBeUnreadable partial && partial.unreadable().isPresent()) {
      throw new UnreadableObjectException(type.getSimpleName(), partial.unreadable().get().message());
    }
    if (value instanceof CustomResource<?, ?> resource && resource.getSpec() == null) {
      throw new UnreadableObjectException(type.getSimpleName(), "spec: is required");
    }
    return value;
  }

  /**
   * The stored object before an update, as far as it can be read: an object the operator could not read must
   * still be fixable, so its unreadable parts are null instead of a refusal.
   */
  static <T> T readPrevious(JsonNode node, Class<T> type) {
    try {
      return KubicleSerialization.mapper().treeToValue(node, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new UnreadableObjectException(type.getSimpleName(), e.getClass().getSimpleName());
    }
  }

  /** spec.owner, or null when absent or blank. */
  static String owner(JsonNode object) {
    JsonNode owner = object.path("spec").path("owner");
    return owner.isTextual() && !owner.asText().isBlank() ? owner.asText() : null;
  }

  static String name(JsonNode object) {
    return object.path("metadata").path("name").asText("");
  }

  /** metadata.labels as strings; empty when absent. */
  static Map<String, String> labels(JsonNode object) {
    Map<String, String> labels = new LinkedHashMap<>();
    object.path("metadata").path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    return labels;
  }

  static boolean deleting(JsonNode object) {
    return object.path("metadata").hasNonNull("deletionTimestamp");
  }

  /** Whether the subtree at {@code path} (a JSON pointer) differs between the two objects. */
  static boolean changed(JsonNode before, JsonNode after, String path) {
    return !Objects.equals(before.at(path), after.at(path));
  }

  /** Thrown when an object in a review cannot be read as its kind. */
  static final class UnreadableObjectException extends IllegalArgumentException {
    UnreadableObjectException(String type, String why) {
      super("cannot read the object as a " + type + ": " + why);
    }
  }
}
