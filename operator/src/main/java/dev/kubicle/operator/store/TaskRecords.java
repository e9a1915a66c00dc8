package dev.kubicle.operator.store;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/**
 * What AgentTasks did: each task's transcript, one row per model call and per tool call (each with the task and its
 * owner), and usage per user and model per month. Retention deletes a task's records whole once it has been quiet
 * for the retention period; monthly usage stays.
 */
public interface TaskRecords {

  /**
   * Stores transcript entry {@code entry.seq()} of the task; durable when this returns. When the task's stored
   * transcript would grow past {@code maxTaskBytes}, the entry is kept as omitted (its place and size, no body).
   *
   * @return the entry as stored
   * @throws StoreException when that seq is already stored for the task
   */
  TranscriptEntry append(TaskRef task, TranscriptEntry entry, long maxTaskBytes);

  /** Up to {@code limit} entries (at most 500) with seq greater than {@code afterSeq}, in order. */
  List<TranscriptEntry> transcript(String taskUid, int afterSeq, int limit);

  /** Records a model call and adds it to its owner's usage of the month it was made in. */
  void modelCall(TaskRef task, ModelCallEntry call);

  void toolCall(TaskRef task, ToolCallEntry call);

  /** Up to {@code limit} model calls of the task (at most 500) with an id above {@code afterId}, oldest first. */
  List<TaskRecord<ModelCallEntry>> modelCalls(String taskUid, long afterId, int limit);

  /** Up to {@code limit} tool calls of the task (at most 500) with an id greater than {@code afterId}, oldest first. */
  List<TaskRecord<ToolCallEntry>> toolCalls(String taskUid, long afterId, int limit);

  /** Usage in {@code month}, ordered by owner, provider and model; of one owner, or of everyone when null. */
  List<MonthlyUsage> usage(YearMonth month, String owner);

  /** The instant usage months are counted in: UTC. */
  static YearMonth monthOf(Instant at) {
    return YearMonth.from(at.atZone(java.time.ZoneOffset.UTC));
  }
}
