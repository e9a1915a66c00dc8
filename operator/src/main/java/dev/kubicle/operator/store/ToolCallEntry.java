package dev.kubicle.operator.store;

import java.time.Instant;

/**
 * One tool call of a task, as the store keeps it.
 *
 * @param requestId the id the agent saw (its idempotency key)
 * @param arguments the arguments, redacted (no secrets, no file contents) and capped by the caller
 * @param exitCode the command's exit code (execute only), null otherwise or on timeout
 * @param outputBytes bytes of output the tool produced, before the cap for the model
 */
public record ToolCallEntry(Instant at, int turn, String toolCallId, String requestId, String tool, String arguments,
    long durationMillis, Integer exitCode, long outputBytes, boolean truncated, boolean error,
    String errorMessage) {}
