package dev.kubicle.operator.task;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.operator.task.llm.ToolCall;

/** Tool arguments as records keep them: file contents replaced by their size, long texts cut, the whole capped. */
final class Redaction {
  static final int MAX_CHARS = 2000;
  private static final int TEXT_CHARS = 200;

  private Redaction() {}

  static String arguments(ToolCall call) {
    if (call.input() == null || !call.input().isObject()) {
      return "{}";
    }
    ObjectNode copy = call.input().deepCopy();
    if (copy.has("content")) {
      copy.put("content", "<" + OutputCap.bytes(copy.path("content").asText()) + " bytes>");
    }
    for (String field : new String[] {"old_text", "new_text", "command"}) {
      String value = copy.path(field).asText(null);
      if (value != null && value.length() > TEXT_CHARS) {
        copy.put(field, value.substring(0, TEXT_CHARS) + "...");
      }
    }
    String text = copy.toString();
    return text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) + "..." : text;
  }
}
