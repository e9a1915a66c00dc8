package dev.kubicle.operator.task;

import dev.kubicle.operator.task.llm.ConversationMessage;
import java.util.List;
import java.util.Optional;

/**
 * Where the loop writes what a task did: its conversation, one record per model call and one per tool call, each
 * with the owner's identity. {@link StoreTaskRecorder} keeps them in the store (the operator's default);
 * {@link LoggingTaskRecorder} only logs them.
 */
public interface TaskRecorder {
  /**
   * Records message {@code index} (0-based) of the conversation. It must be durable when this returns: the loop
   * runs an assistant message's tool calls only after it was recorded, so a resumed task finds them and repeats
   * them by the same request ids (which the agent answers from its store) instead of asking the model again.
   */
  void message(TaskIdentity task, int index, ConversationMessage message);

  void modelCall(TaskIdentity task, ModelCallRecord call);

  void toolCall(TaskIdentity task, ToolCallRecord call);

  /** The conversation recorded so far, to resume a task after an operator restart; empty when none is kept. */
  Optional<List<ConversationMessage>> conversation(TaskIdentity task);
}
