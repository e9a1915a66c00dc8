package dev.kubicle.operator.agentapi;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * What one workspace may still do over its agent connections, kept across reconnects (so reconnecting refills
 * nothing): connection attempts, and the log budget of its current start (a new agent token means a new start).
 */
final class WorkspaceAllowance {
  private final AgentLimits limits;
  private final LongSupplier nanos;
  private final TokenBucket connects;
  private final TokenBucket reads;
  private String tokenHash;
  private LogGate logs;
  private AgentConnection latest;

  WorkspaceAllowance(AgentLimits limits, LongSupplier nanos) {
    this.limits = limits;
    this.nanos = nanos;
    this.connects = new TokenBucket(limits.connectBurst(), limits.connectsPerMinute() / 60.0, nanos);
    this.reads = new TokenBucket(limits.maxMessageBytes(), limits.readBytesPerSecond(), nanos);
  }

  /**
   * Counts a message of {@code chars} characters read from the workspace's agent, and returns how long to stop
   * reading its socket (0: go on).
   */
  long readPause(int chars) {
    return reads.spend(Math.max(chars, AgentLimits.MIN_FRAME_COST));
  }

  /** Whether another connection attempt may go on now. */
  boolean mayConnect() {
    return connects.take(1) == 1;
  }

  /** Whole seconds until the next attempt may go on, for Retry-After. */
  long retryAfterSeconds() {
    return Math.max(1, (connects.nanosUntilOne() + 999_999_999L) / 1_000_000_000L);
  }

  /** The log budget of the start whose token hashes to {@code tokenHash}. */
  synchronized LogGate logs(String tokenHash) {
    if (logs == null || !Objects.equals(this.tokenHash, tokenHash)) {
      this.tokenHash = tokenHash;
      logs = new LogGate(limits, nanos);
    }
    return logs;
  }

  /**
   * Makes {@code connection} this workspace's one open connection and returns the one it replaces (to be closed),
   * so a token cannot hold many sockets at once, even before they say hello.
   */
  synchronized AgentConnection replaceWith(AgentConnection connection) {
    AgentConnection previous = latest;
    latest = connection;
    return previous == connection ? null : previous;
  }
}
