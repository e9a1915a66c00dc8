package dev.kubicle.operator.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Applies the two patch types the dev cluster computes itself: JSON merge patch (RFC 7386, what kubectl apply
 * sends for custom resources) and JSON patch (RFC 6902, what fabric8's {@code edit} sends).
 *
 * <p>Why not the mock's own: its "merge" is Jackson's readerForUpdating, which appends to arrays instead of
 * replacing them and stores {@code null} instead of deleting the field, so {@code kubectl apply} of a shortened
 * list would keep the old entries. The JSON patch keeps one leniency of the mock that fabric8 clients rely on:
 * missing parent objects of a path are created rather than failing the patch.
 */
final class Patches {

  /** The patch types computed here. */
  enum Type { MERGE, JSON }

  /** A patch that cannot be applied; answered with 422 as a real server does. */
  static final class PatchException extends Exception {
    PatchException(String message) {
      super(message);
    }
  }

  private Patches() {
  }

  /** The patch type of a Content-Type, or empty for types left to the store (strategic merge, apply). */
  static Optional<Type> typeOf(String contentType) {
    String media = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    return switch (media) {
      case "application/merge-patch+json" -> Optional.of(Type.MERGE);
      case "application/json-patch+json" -> Optional.of(Type.JSON);
      default -> Optional.empty();
    };
  }

  /** The target with the patch applied; the target itself is left untouched. */
  static JsonNode apply(Type type, JsonNode target, JsonNode patch) throws PatchException {
    if (type == Type.MERGE) {
      return merge(target.deepCopy(), patch);
    }
    if (!patch.isArray()) {
      throw new PatchException("a JSON patch must be an array of operations");
    }
    try {
      return JsonPatch.apply(patch, withParents(target.deepCopy(), patch));
    } catch (JsonPatchException | IllegalArgumentException e) {
      throw new PatchException("the JSON patch cannot be applied: " + e.getMessage());
    }
  }

  /** RFC 7386: objects merge recursively, null deletes, anything else (arrays too) replaces. */
  static JsonNode merge(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result = target instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getValue().isNull()) {
        result.remove(field.getKey());
      } else {
        JsonNode existing = result.get(field.getKey());
        result.set(field.getKey(), merge(existing == null ? NullNode.getInstance() : existing, field.getValue()));
      }
    }
    return result;
  }

  private static JsonNode withParents(JsonNode target, JsonNode patch) {
    for (JsonNode operation : patch) {
      String path = operation.path("path").asText("");
      String[] segments = path.replaceFirst("^/", "").split("/", -1);
      JsonNode node = target;
      for (int i = 0; i < segments.length - 1 && node instanceof ObjectNode object; i++) {
        String key = segments[i].replace("~1", "/").replace("~0", "~");
        if (!object.has(key) || object.get(key).isNull()) {
          object.putObject(key);
        }
        node = object.get(key);
      }
    }
    return target;
  }
}
