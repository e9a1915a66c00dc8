package dev.kubicle.operator.task;

import dev.kubicle.operator.task.llm.ConversationMessage;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes task records to the operator's log only: one line per model and tool call (sizes and counts, no file
 * contents), messages at debug level. Keeps no conversation, so a task that was running when the operator restarted
 * fails clearly instead of resuming. The operator uses {@link StoreTaskRecorder}; tests use this one to see that.
 */
public class LoggingTaskRecorder implements TaskRecorder {
  private static final Logger LOG = LoggerFactory.getLogger("dev.kubicle.task.records");

  @Override
  public void message(TaskIdentity task, int index, ConversationMessage message) {
    if (LOG.isDebugEnabled()) {
      LOG.debug("task {} owner {} message {} {}: {} chars, {} tool calls, {} results", task, task.owner(), index,
          message.role(), message.text() == null ? 0 : message.text().length(), message.toolCalls().size(),
          message.results().size());
    }
  }

  @Override
  public void modelCall(TaskIdentity task, ModelCallRecord call) {
    LOG.info("task {} owner {} model call turn {}: {} {} {} stop={} tokens in={} out={} cacheRead={} "
        + "cacheWrite={} cost={} attempts={} latency={}ms{}", task, task.owner(), call.turn(), call.provider(),
        call.model(), call.status(), call.stopReason(), call.usage().input(), call.usage().output(),
        call.usage().cacheRead(), call.usage().cacheWrite(), call.costMicros(), call.attempts(),
        call.latencyMillis(), call.error() == null ? "" : " error=" + call.error());
  }

  @Override
  public void toolCall(TaskIdentity task, ToolCallRecord call) {
    LOG.info("task {} owner {} tool call turn {} {} id={} {} ms exit={} output={}B{}{} args={}", task,
        task.owner(), call.turn(), call.tool(), call.requestId(), call.durationMillis(), call.exitCode(),
        call.outputBytes(), call.truncated() ? " truncated" : "", call.error() ? " error=" + call.errorMessage() : "",
        call.arguments());
  }

  @Override
  public Optional<List<ConversationMessage>> conversation(TaskIdentity task) {
    return Optional.empty();
  }
}
