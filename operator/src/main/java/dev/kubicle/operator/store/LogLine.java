package dev.kubicle.operator.store;

import java.time.Instant;

/**
 * One stored log line. {@code seq} grows within its log (a build's or a workspace agent's), so a reader that has seen
 * up to seq N asks for the lines after N (server-sent events resume this way). Times are kept to the millisecond;
 * {@code source} is "build" for build logs, the agent's source ("startup_script", "agent", …) for agent logs.
 */
public record LogLine(long seq, Instant at, String source, String text) {}
