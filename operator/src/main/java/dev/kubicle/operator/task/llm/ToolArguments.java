package dev.kubicle.operator.task.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubicle.operator.kube.Json;

/** Turns a tool call's argument text (joined from stream fragments) into a JSON object, or says why it cannot. */
final class ToolArguments {
  private ToolArguments() {}

  /**
   * @param text the joined fragments, or null when none came
   * @param given arguments that came whole (Anthropic's content_block_start input, or an object where a string
   *     was expected from some OpenAI-compatible servers)
   */
  static ToolCall call(String id, String name, String text, JsonNode given) {
    if (text == null || text.isBlank()) {
      JsonNode input = given != null && given.isObject() ? given : Json.mapper().createObjectNode();
      return new ToolCall(id, name, input, null);
    }
    try {
      JsonNode parsed = Json.mapper().readTree(text);
      if (parsed != null && parsed.isObject()) {
        return new ToolCall(id, name, parsed, null);
      }
      return new ToolCall(id, name, Json.mapper().createObjectNode(),
          "the arguments must be a JSON object, got: " + abbreviate(text));
    } catch (Exception e) {
      return new ToolCall(id, name, Json.mapper().createObjectNode(),
          "the arguments are not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + "): "
              + abbreviate(text));
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
