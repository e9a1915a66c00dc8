package dev.kubicle.operator.task;

import dev.kubicle.api.v1alpha1.TaskLimits;
import dev.kubicle.api.validation.Durations;
import java.time.Duration;

/**
 * A task's limits with the defaults filled in. Null budgets (tokens, cost) mean none; turns, time and output are
 * always bounded.
 */
public record EffectiveLimits(int maxTurns, Long maxTokens, Long maxCostMicros, Duration timeout,
    Duration toolTimeout, int toolOutputBytes, int stuckThreshold) {

  public static final int DEFAULT_MAX_TURNS = 100;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
  public static final Duration DEFAULT_TOOL_TIMEOUT = Duration.ofMinutes(2);
  public static final int DEFAULT_TOOL_OUTPUT_BYTES = 32 * 1024;
  public static final int DEFAULT_STUCK_THRESHOLD = 3;

  /** Assumes the spec passed AgentTaskValidator (durations parse). */
  public static EffectiveLimits of(TaskLimits limits) {
    TaskLimits l = limits == null ? new TaskLimits() : limits;
    return new EffectiveLimits(
        l.getMaxTurns() == null ? DEFAULT_MAX_TURNS : l.getMaxTurns(),
        l.getMaxTokens(),
        l.getMaxCostMicros(),
        l.getTimeout() == null ? DEFAULT_TIMEOUT : Durations.parse("spec.limits.timeout", l.getTimeout()),
        l.getToolTimeout() == null ? DEFAULT_TOOL_TIMEOUT
            : Durations.parse("spec.limits.toolTimeout", l.getToolTimeout()),
        l.getToolOutputBytes() == null ? DEFAULT_TOOL_OUTPUT_BYTES : l.getToolOutputBytes(),
        l.getStuckThreshold() == null ? DEFAULT_STUCK_THRESHOLD : l.getStuckThreshold());
  }
}
