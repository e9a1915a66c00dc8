package dev.kubicle.operator.task;

import dev.kubicle.operator.store.ModelCallEntry;
import dev.kubicle.operator.store.StoreException;
import dev.kubicle.operator.store.StoreHealth;
import dev.kubicle.operator.store.TaskRecords;
import dev.kubicle.operator.store.TaskRef;
import dev.kubicle.operator.store.ToolCallEntry;
import dev.kubicle.operator.store.TranscriptEntry;
import dev.kubicle.operator.task.llm.ConversationMessage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's task recorder: the transcript, model calls and tool calls go to the store, each with the task and
 * its owner, so a task resumes after an operator restart and admins see usage and cost. A message is committed before
 * {@link #message} returns; a store failure throws, which ends the task with the error rather than run a tool call
 * that was not recorded. Model and tool call records come after the fact: a store failure there is reported (log,
 * metrics) and the task goes on, since failing it would not undo the call.
 */
public final class StoreTaskRecorder implements TaskRecorder {
  /** Over any model's context: a message this large could not have been sent whole anyway. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
  public static final long DEFAULT_MAX_TASK_BYTES = 64L * 1024 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(StoreTaskRecorder.class);
  private static final int PAGE = 500;

  private final TaskRecords records;
  private final Clock clock;
  private final int maxMessageBytes;
  private final long maxTaskBytes;
  private volatile StoreHealth health;

  public StoreTaskRecorder(TaskRecords records, Clock clock) {
    this(records, clock, DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_TASK_BYTES);
  }

  /**
   * @param maxMessageBytes a message's texts are cut to fit this (tool calls never are)
   * @param maxTaskBytes once a task's transcript holds this much, further messages are recorded as omitted
   */
  public StoreTaskRecorder(TaskRecords records, Clock clock, int maxMessageBytes, long maxTaskBytes) {
    this.records = records;
    this.clock = clock;
    this.maxMessageBytes = maxMessageBytes;
    this.maxTaskBytes = maxTaskBytes;
  }

  /** Reports store failures to {@code health} (the operator's metrics and log) from now on. */
  public StoreTaskRecorder reportingTo(StoreHealth health) {
    this.health = health;
    return this;
  }

  @Override
  public void message(TaskIdentity task, int index, ConversationMessage message) {
    TranscriptCodec.Encoded encoded = TranscriptCodec.encode(message, maxMessageBytes);
    TranscriptEntry stored;
    try {
      stored = records.append(ref(task), new TranscriptEntry(index + 1, clock.instant(), encoded.role(),
          encoded.body(), encoded.bytes(), encoded.cut(), encoded.resumable(), false), maxTaskBytes);
    } catch (StoreException e) {
      report(e);
      throw e;
    }
    if (stored.omitted() || !stored.resumable()) {
      LOG.warn("task {}: message {} ({} bytes) is over the transcript's cap and was {}; the task cannot resume from "
          + "its transcript after an operator restart", task, index, encoded.bytes(),
          stored.omitted() ? "not kept" : "kept without its tool calls' arguments");
    }
  }

  @Override
  public void modelCall(TaskIdentity task, ModelCallRecord call) {
    try {
      records.modelCall(ref(task), new ModelCallEntry(call.startedAt(), call.turn(), call.provider(),
          call.providerType(), call.model(), call.status(), call.stopReason(), call.usage().input(),
          call.usage().output(), call.usage().cacheRead(), call.usage().cacheWrite(), call.costMicros(),
          call.attempts(), call.latencyMillis(), call.error()));
    } catch (StoreException e) {
      report(e);
      // Usage is billed by it: the figures go to the log, so they can be added up by hand.
      LOG.warn("task {}: model call of turn {} not recorded (model {}, input {} output {} tokens, cost {} micros): {}",
          task, call.turn(), call.model(), call.usage().input(), call.usage().output(), call.costMicros(),
          e.getMessage());
    }
  }

  @Override
  public void toolCall(TaskIdentity task, ToolCallRecord call) {
    try {
      records.toolCall(ref(task), new ToolCallEntry(call.startedAt(), call.turn(), call.toolCallId(),
          call.requestId(), call.tool(), call.arguments(), call.durationMillis(), call.exitCode(),
          call.outputBytes(), call.truncated(), call.error(), Redaction.text(call.errorMessage())));
    } catch (StoreException e) {
      report(e);
      LOG.warn("task {}: tool call {} of turn {} not recorded: {}", task, call.tool(), call.turn(), e.getMessage());
    }
  }

  private void report(StoreException e) {
    StoreHealth h = health;
    if (h != null) {
      h.failed(StoreHealth.Write.TASK_RECORDS, null, e);
    }
  }

  /**
   * The whole recorded conversation, or empty when there is none or it cannot be resumed from (a message was cut
   * where a tool call needs it, omitted at the task's cap, or missing): the task then fails clearly instead.
   */
  @Override
  public Optional<List<ConversationMessage>> conversation(TaskIdentity task) {
    List<ConversationMessage> messages = new ArrayList<>();
    int after = 0;
    while (true) {
      List<TranscriptEntry> page = records.transcript(task.uid(), after, PAGE);
      for (TranscriptEntry entry : page) {
        if (entry.seq() != after + 1 || entry.omitted() || !entry.resumable()) {
          LOG.warn("task {}: the transcript cannot be resumed from (message {} is {})", task, after,
              entry.seq() != after + 1 ? "missing" : "incomplete: it was over the transcript's cap");
          return Optional.empty();
        }
        messages.add(TranscriptCodec.decode(entry.body()));
        after = entry.seq();
      }
      if (page.size() < PAGE) {
        break;
      }
    }
    return messages.isEmpty() ? Optional.empty() : Optional.of(messages);
  }

  static TaskRef ref(TaskIdentity task) {
    return new TaskRef(task.namespace(), task.name(), task.uid(), task.owner(), task.workspace());
  }
}
