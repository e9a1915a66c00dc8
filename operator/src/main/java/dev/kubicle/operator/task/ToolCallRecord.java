package dev.kubicle.operator.task;

import java.time.Instant;

/**
 * One tool call of a task, for audit.
 *
 * @param requestId the id the agent saw (idempotency key)
 * @param arguments the arguments, redacted (file contents replaced by their size) and capped
 * @param exitCode the command's exit code (execute only), null otherwise or on timeout
 * @param outputBytes bytes of output the tool produced before the cap for the model
 */
public record ToolCallRecord(Instant startedAt, int turn, String toolCallId, String requestId, String tool,
    String arguments, long durationMillis, Integer exitCode, long outputBytes, boolean truncated, boolean error,
    String errorMessage) {}
