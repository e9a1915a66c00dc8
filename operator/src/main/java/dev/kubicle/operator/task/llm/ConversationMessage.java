package dev.kubicle.operator.task.llm;

import java.util.List;

/**
 * One message of a task's conversation in a provider-neutral form; both wire formats are written from it and the
 * transcript records it. An assistant message carries the usage of the call that produced it, so a resumed task
 * can add its usage up again from the transcript alone.
 */
public record ConversationMessage(Role role, String text, List<ToolCall> toolCalls, List<ToolResult> results,
    TokenCounts usage) {

  /** Who speaks: the user's prompt, the model, or tool results going back to the model. */
  public enum Role { USER, ASSISTANT, TOOL_RESULTS }

  public static ConversationMessage user(String text) {
    return new ConversationMessage(Role.USER, text, List.of(), List.of(), null);
  }

  public static ConversationMessage assistant(String text, List<ToolCall> calls, TokenCounts usage) {
    return new ConversationMessage(Role.ASSISTANT, text, List.copyOf(calls), List.of(), usage);
  }

  public static ConversationMessage toolResults(List<ToolResult> results) {
    return new ConversationMessage(Role.TOOL_RESULTS, null, List.of(), List.copyOf(results), null);
  }

  public List<ToolCall> toolCalls() {
    return toolCalls == null ? List.of() : toolCalls;
  }

  public List<ToolResult> results() {
    return results == null ? List.of() : results;
  }
}
