package dev.kubicle.operator.task;

import dev.kubicle.api.v1alpha1.TaskLimits;
import dev.kubicle.api.validation.Durations;
import java.time.Duration;

/**
 * A task's limits with the defaults filled in and the cluster's maximum task duration applied. Null budgets
 * (tokens, cost) mean none; turns, time and output are always bounded.
 *
 * @param timeoutSource which limit set {@code timeout}: the task's own, or the cluster's maximum
 */
public record EffectiveLimits(int maxTurns, Long maxTokens, Long maxCostMicros, Duration timeout,
    Duration toolTimeout, int toolOutputBytes, int stuckThreshold, TimeLimit timeoutSource) {

  public static final int DEFAULT_MAX_TURNS = 100;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
  public static final Duration DEFAULT_TOOL_TIMEOUT = Duration.ofMinutes(2);
  public static final int DEFAULT_TOOL_OUTPUT_BYTES = 32 * 1024;
  public static final int DEFAULT_STUCK_THRESHOLD = 3;

  /** Which limit bounds a task's wall time, named the way the user sees it in the task's message. */
  public enum TimeLimit {
    TASK("limits.timeout"),
    CLUSTER("the cluster's maximum task duration, KUBICLE_TASK_MAX_DURATION");

    private final String label;

    TimeLimit(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /**
   * Assumes the spec passed AgentTaskValidator (durations parse).
   *
   * @param maxDuration the cluster-wide cap on a task's wall time, whatever its own limits say
   */
  public static EffectiveLimits of(TaskLimits limits, Duration maxDuration) {
    TaskLimits l = limits == null ? new TaskLimits() : limits;
    Duration asked = l.getTimeout() == null ? DEFAULT_TIMEOUT : Durations.parse("spec.limits.timeout", l.getTimeout());
    boolean capped = asked.compareTo(maxDuration) > 0;
    return new EffectiveLimits(
        l.getMaxTurns() == null ? DEFAULT_MAX_TURNS : l.getMaxTurns(),
        l.getMaxTokens(),
        l.getMaxCostMicros(),
        capped ? maxDuration : asked,
        l.getToolTimeout() == null ? DEFAULT_TOOL_TIMEOUT
            : Durations.parse("spec.limits.toolTimeout", l.getToolTimeout()),
        l.getToolOutputBytes() == null ? DEFAULT_TOOL_OUTPUT_BYTES : l.getToolOutputBytes(),
        l.getStuckThreshold() == null ? DEFAULT_STUCK_THRESHOLD : l.getStuckThreshold(),
        capped ? TimeLimit.CLUSTER : TimeLimit.TASK);
  }

  /** What a task stopped by its time limit is told: how long, and which limit. */
  public String timeoutMessage() {
    return "Timed out after " + timeout.toSeconds() + " s (" + timeoutSource.label() + ")";
  }
}
