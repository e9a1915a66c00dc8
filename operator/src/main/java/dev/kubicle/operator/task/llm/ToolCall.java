package dev.kubicle.operator.task.llm;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tool call the model asked for.
 *
 * @param id the provider's id (the loop gives calls without one a stable id of its own)
 * @param input the arguments as a JSON object (empty when they were not valid JSON)
 * @param invalidArguments null, or why the arguments could not be read; such a call is never run, the model is
 *     told the error instead
 */
public record ToolCall(String id, String name, JsonNode input, String invalidArguments) {
  public ToolCall withId(String newId) {
    return new ToolCall(newId, name, input, invalidArguments);
  }
}
