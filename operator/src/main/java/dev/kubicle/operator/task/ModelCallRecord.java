package dev.kubicle.operator.task;

import dev.kubicle.operator.task.llm.TokenCounts;
import java.time.Instant;

/**
 * One model call of a task, for cost and audit.
 *
 * @param status ok or error
 * @param costMicros this call's cost (rounded on its own), null when the model has no price
 * @param error what went wrong, null when ok
 */
public record ModelCallRecord(Instant startedAt, int turn, String provider, String providerType, String model,
    String status, String stopReason, TokenCounts usage, Long costMicros, int attempts, long latencyMillis,
    String error) {}
