package dev.kubicle.operator.task;

import dev.kubicle.api.v1alpha1.TaskStopReason;
import dev.kubicle.operator.metrics.OperatorMetrics;
import java.util.Locale;

/** The task feature's counters in {@link OperatorMetrics}: tasks ended, by stop reason (labels from the enum). */
public final class TaskCounters {
  public static final String ENDED = "kubicle_tasks_ended_total";

  private final OperatorMetrics metrics;

  public TaskCounters(OperatorMetrics metrics) {
    this.metrics = metrics;
  }

  /** A task's end was recorded in its status. */
  void ended(TaskStopReason reason) {
    metrics.counter(ENDED, "AgentTasks ended, by stop reason (workspace_deleted and workspace_replaced: tasks "
        + "stopped because their workspace went away)", "reason", label(reason)).incrementAndGet();
  }

  /** The label value a stop reason is counted under (its name in status.stopReason). */
  public static String label(TaskStopReason reason) {
    return reason.name().toLowerCase(Locale.ROOT);
  }
}
