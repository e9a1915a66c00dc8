package dev.kubicle.operator.store;

import java.time.Instant;

/**
 * One model call of a task, as the store keeps it (usage per user and model per month adds these up).
 *
 * @param model the model's id in Kubicle's configuration
 * @param status ok or error
 * @param costMicros this call's cost in micro-dollars, null when the model has no price (never a misleading zero)
 * @param error what went wrong, null when ok
 */
public record ModelCallEntry(Instant at, int turn, String provider, String providerType, String model, String status,
    String stopReason, long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
    Long costMicros, int attempts, long latencyMillis, String error) {}
