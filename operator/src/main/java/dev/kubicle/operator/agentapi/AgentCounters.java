package dev.kubicle.operator.agentapi;

import dev.kubicle.operator.metrics.OperatorMetrics;
import java.util.Locale;

/**
 * The agent endpoint's counters in {@link OperatorMetrics}: what was dropped, cut, refused or closed, and why.
 * Labels come only from the enums here, never from what an agent sent.
 */
public final class AgentCounters {
  public static final String FRAMES_DROPPED = "kubicle_agent_frames_dropped_total";
  public static final String LOG_LINES_DROPPED = "kubicle_agent_log_lines_dropped_total";
  public static final String LOG_LINES_TRUNCATED = "kubicle_agent_log_lines_truncated_total";
  public static final String METADATA_TRUNCATED = "kubicle_agent_metadata_values_truncated_total";
  public static final String CONNECTIONS_REFUSED = "kubicle_agent_connections_refused_total";
  public static final String CONNECTIONS_CLOSED = "kubicle_agent_connections_closed_total";

  /** Frame types as counted (an unknown or unreadable type is counted as such, not by its text). */
  public enum Frame { HELLO, LIFECYCLE, LOG, METADATA, STATS, RESPONSE, PTY, INVALID, BINARY, UNKNOWN }

  /** Why a frame was dropped. */
  public enum FrameDrop { UNDECLARED_KEY, UNKNOWN_ID, UNKNOWN_PTY, UNKNOWN_STATE, UNKNOWN_SOURCE, REPEATED,
    BEFORE_HELLO, NOT_JSON, UNKNOWN_TYPE }

  /** Why log lines were dropped. */
  public enum LineDrop { FRAME, RATE, START_LIMIT, UNKNOWN_SOURCE }

  /** Why a connection was refused before the WebSocket upgrade. */
  public enum Refusal { TOKEN, RATE, STARTING, UNREADABLE }

  /** Why the operator closed an agent's connection. */
  public enum Closing { FRAME_TOO_BIG, MESSAGE_TOO_BIG, INVALID_FRAMES, BINARY, WRITE_QUEUE_FULL, REPLACED }

  private final OperatorMetrics metrics;

  public AgentCounters(OperatorMetrics metrics) {
    this.metrics = metrics;
  }

  void frameDropped(Frame type, FrameDrop reason) {
    metrics.counter(FRAMES_DROPPED, "Frames from agents that the operator dropped, by type and reason",
        "type", label(type), "reason", label(reason)).incrementAndGet();
  }

  void linesDropped(LineDrop reason, long lines) {
    if (lines > 0) {
      metrics.counter(LOG_LINES_DROPPED, "Agent log lines dropped over a limit, by reason", "reason", label(reason))
          .addAndGet(lines);
    }
  }

  void linesTruncated(long lines) {
    if (lines > 0) {
      metrics.counter(LOG_LINES_TRUNCATED, "Agent log lines cut at KUBICLE_AGENT_LOG_LINE_CHARS").addAndGet(lines);
    }
  }

  void metadataTruncated() {
    metrics.counter(METADATA_TRUNCATED, "Agent metadata values cut at KUBICLE_AGENT_METADATA_VALUE_CHARS")
        .incrementAndGet();
  }

  void refused(Refusal reason) {
    metrics.counter(CONNECTIONS_REFUSED, "Agent connection attempts refused before the upgrade, by reason",
        "reason", label(reason)).incrementAndGet();
  }

  void closed(Closing reason) {
    metrics.counter(CONNECTIONS_CLOSED, "Agent connections the operator closed over a limit, by reason",
        "reason", label(reason)).incrementAndGet();
  }

  static String label(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
