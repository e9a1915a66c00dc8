package dev.kubicle.operator.task.llm;

import java.util.List;

/**
 * A complete answer of the model: its text, the tool calls it asked for, why it stopped (the provider's words:
 * end_turn, tool_use, stop, tool_calls, max_tokens, …), and the tokens it used.
 *
 * @param attempts HTTP requests it took (retries included)
 * @param latencyMillis from the first request to the end of the stream that answered
 */
public record ModelReply(String text, List<ToolCall> toolCalls, String stopReason, TokenCounts usage, int attempts,
    long latencyMillis) {

  public ModelReply withTiming(int attemptCount, long millis) {
    return new ModelReply(text, toolCalls, stopReason, usage, attemptCount, millis);
  }
}
