package dev.kubicle.api.serialization;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes a JSON tree with an explicit stack instead of recursion: a stored object may be nested 10,000 levels
 * deep, which Jackson's own {@code writeTree} would answer with a StackOverflowError.
 */
final class RawJsonWriter {
  private RawJsonWriter() {}

  /** One open object or list: the members or elements still to write. */
  private record Open(Iterator<?> rest, boolean object) {}

  static void write(JsonNode root, JsonGenerator gen) throws IOException {
    Deque<Open> stack = new ArrayDeque<>();
    if (!open(root, gen, stack)) {
      return;
    }
    while (!stack.isEmpty()) {
      Open top = stack.peek();
      if (!top.rest().hasNext()) {
        stack.pop();
        if (top.object()) {
          gen.writeEndObject();
        } else {
          gen.writeEndArray();
        }
        continue;
      }
      JsonNode value;
      if (top.object()) {
        @SuppressWarnings("unchecked")
        Map.Entry<String, JsonNode> field = (Map.Entry<String, JsonNode>) top.rest().next();
        gen.writeFieldName(field.getKey());
        value = field.getValue();
      } else {
        value = (JsonNode) top.rest().next();
      }
      open(value, gen, stack);
    }
  }

  /** Writes a scalar, or starts a container and pushes it; returns whether something was pushed. */
  private static boolean open(JsonNode node, JsonGenerator gen, Deque<Open> stack) throws IOException {
    if (node.isObject()) {
      gen.writeStartObject();
      stack.push(new Open(node.fields(), true));
      return true;
    }
    if (node.isArray()) {
      gen.writeStartArray();
      stack.push(new Open(node.elements(), false));
      return true;
    }
    gen.writeTree(node); // a scalar: no recursion
    return false;
  }
}
