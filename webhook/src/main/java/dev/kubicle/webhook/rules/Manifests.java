package dev.kubicle.webhook.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Reads typed parts of the objects in a review; the API server has already applied the CRD schema. */
final class Manifests {
  static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Manifests() {}

  /** {@code node} as {@code type}; a value the types cannot hold (a hand-made review) is reported as such. */
  static <T> T read(JsonNode node, Class<T> type) {
    try {
      return JSON.treeToValue(node, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new UnreadableObjectException(type.getSimpleName(), e);
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
    UnreadableObjectException(String type, Exception cause) {
      super("cannot read the object as a " + type + ": " + cause.getMessage(), cause);
    }
  }
}
