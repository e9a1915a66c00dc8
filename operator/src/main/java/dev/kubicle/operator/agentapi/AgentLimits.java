package dev.kubicle.operator.agentapi;

import java.time.Duration;
import java.util.Map;

/**
 * What one agent connection may cost the operator (docs/security.md, "Agent connections", has the arithmetic):
 * read once from the environment, every value named after its variable in errors.
 *
 * @param maxFrameBytes largest WebSocket frame; a bigger one closes the connection (1009)
 * @param maxMessageBytes largest message (frames of one message together); a bigger one closes the connection
 * @param metadataKeys metadata keys kept per workspace (the first ones the template declares)
 * @param metadataValueChars longer metadata values are cut and marked
 * @param logLineChars longer log lines are cut and marked
 * @param logLinesPerFrame lines of one log frame beyond this are dropped
 * @param logLinesPerSecond sustained log lines per second per workspace
 * @param logBurstLines lines a workspace may send at once before the per-second rate applies
 * @param logBytesPerStart UTF-8 bytes of agent log one workspace start may write in total
 * @param statsKinds session kinds kept from one stats frame
 * @param invalidFrames frames that are not a JSON object with a type; one more closes the connection (1007)
 * @param helloInterval a hello within this time of the previous one is ignored (one manifest per window)
 * @param connectsPerMinute connection attempts per workspace per minute, after a burst of {@code connectBurst}
 * @param connectBurst connection attempts a workspace may make at once
 * @param writeQueueBytes bytes waiting to go out to an agent; an agent that does not read is disconnected
 * @param readBytesPerSecond what one workspace's agent may make the operator read and handle, sustained (after a
 *     burst of {@code maxMessageBytes}); beyond it the operator stops reading its socket for a while (TCP pushes
 *     back), so a flood costs the operator a bounded share of its CPU
 */
public record AgentLimits(
    int maxFrameBytes,
    int maxMessageBytes,
    int metadataKeys,
    int metadataValueChars,
    int logLineChars,
    int logLinesPerFrame,
    int logLinesPerSecond,
    int logBurstLines,
    long logBytesPerStart,
    int statsKinds,
    int invalidFrames,
    Duration helloInterval,
    int connectsPerMinute,
    int connectBurst,
    int writeQueueBytes,
    int readBytesPerSecond) {

  /** Every frame counts as at least this many bytes against {@link #readBytesPerSecond}, bounding tiny frames too. */
  public static final int MIN_FRAME_COST = 512;

  public AgentLimits {
    if (maxFrameBytes > maxMessageBytes) {
      throw new IllegalArgumentException("KUBICLE_AGENT_MAX_FRAME_BYTES (" + maxFrameBytes
          + ") must not be larger than KUBICLE_AGENT_MAX_MESSAGE_BYTES (" + maxMessageBytes + ")");
    }
  }

  /** The defaults: what a real agent sends fits (its lines are at most 8192 characters, 1000 a frame). */
  public static AgentLimits defaults() {
    return fromEnvironment(Map.of());
  }

  public static AgentLimits fromEnvironment(Map<String, String> env) {
    return new AgentLimits(
        positive(env, "KUBICLE_AGENT_MAX_FRAME_BYTES", 1 << 20, 1024),
        positive(env, "KUBICLE_AGENT_MAX_MESSAGE_BYTES", 8 << 20, 1024),
        positive(env, "KUBICLE_AGENT_METADATA_MAX_KEYS", 64, 1),
        positive(env, "KUBICLE_AGENT_METADATA_VALUE_CHARS", 4096, 16),
        positive(env, "KUBICLE_AGENT_LOG_LINE_CHARS", 8192, 80),
        positive(env, "KUBICLE_AGENT_LOG_LINES_PER_FRAME", 1000, 1),
        positive(env, "KUBICLE_AGENT_LOG_LINES_PER_SECOND", 1000, 1),
        positive(env, "KUBICLE_AGENT_LOG_BURST_LINES", 5000, 1),
        positive(env, "KUBICLE_AGENT_LOG_BYTES_PER_START", 1 << 20, 1024),
        positive(env, "KUBICLE_AGENT_STATS_MAX_KINDS", 16, 1),
        positive(env, "KUBICLE_AGENT_MAX_INVALID_FRAMES", 10, 0),
        Duration.ofMillis(positive(env, "KUBICLE_AGENT_HELLO_INTERVAL_MS", 10_000, 0)),
        positive(env, "KUBICLE_AGENT_CONNECTS_PER_MINUTE", 30, 1),
        positive(env, "KUBICLE_AGENT_CONNECT_BURST", 10, 1),
        positive(env, "KUBICLE_AGENT_WRITE_QUEUE_BYTES", 4 << 20, 1024),
        positive(env, "KUBICLE_AGENT_READ_BYTES_PER_SECOND", 2 << 20, 1024));
  }

  private static int positive(Map<String, String> env, String name, int fallback, int min) {
    String text = env.get(name);
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.strip());
      if (value < min) {
        throw new IllegalArgumentException(name + " is " + value + "; it must be at least " + min
            + " (default " + fallback + ")");
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " is \"" + text + "\", not a whole number (default " + fallback
          + ")", e);
    }
  }
}
