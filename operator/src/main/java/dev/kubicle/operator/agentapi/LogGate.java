package dev.kubicle.operator.agentapi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Decides which of the log lines one workspace start's agent sends are kept: each line cut at a length, at most so
 * many lines a frame, a token bucket per second, and a total per start. What is dropped is counted, and the log
 * itself says so in a notice line now and then (at most one every {@link #NOTICE_EVERY_NANOS}), never once per
 * dropped line. Shared by the connections of one start, so reconnecting does not refill the total.
 */
final class LogGate {
  static final long NOTICE_EVERY_NANOS = 10_000_000_000L;
  static final String PREFIX = "kubicle: ";

  /** What to write, and what was dropped or cut on the way. */
  record Admitted(List<String> lines, int truncated, Map<AgentCounters.LineDrop, Integer> dropped) {}

  private final AgentLimits limits;
  private final TokenBucket perSecond;
  private final LongSupplier nanos;
  private final Map<AgentCounters.LineDrop, Long> unreported = new EnumMap<>(AgentCounters.LineDrop.class);
  private long bytes;
  private long lastNotice;
  private boolean noticed;
  private boolean full;

  LogGate(AgentLimits limits, LongSupplier nanos) {
    this.limits = limits;
    this.nanos = nanos;
    this.perSecond = new TokenBucket(limits.logBurstLines(), limits.logLinesPerSecond(), nanos);
  }

  synchronized Admitted admit(List<String> lines) {
    Map<AgentCounters.LineDrop, Integer> dropped = new EnumMap<>(AgentCounters.LineDrop.class);
    if (full) {
      dropped.put(AgentCounters.LineDrop.START_LIMIT, lines.size());
      return new Admitted(List.of(), 0, dropped);
    }
    int inFrame = Math.min(lines.size(), limits.logLinesPerFrame());
    count(dropped, AgentCounters.LineDrop.FRAME, lines.size() - inFrame);
    int granted = perSecond.take(inFrame);
    count(dropped, AgentCounters.LineDrop.RATE, inFrame - granted);
    List<String> kept = new ArrayList<>(granted + 1);
    int truncated = 0;
    for (int i = 0; i < granted; i++) {
      String line = lines.get(i);
      if (line.length() > limits.logLineChars()) {
        line = line.substring(0, limits.logLineChars()) + " …(" + PREFIX + "line cut at " + limits.logLineChars()
            + " characters)";
        truncated++;
      }
      long size = utf8Length(line);
      if (bytes + size > limits.logBytesPerStart()) {
        count(dropped, AgentCounters.LineDrop.START_LIMIT, granted - i);
        full = true;
        break;
      }
      bytes += size;
      kept.add(line);
    }
    String notice = notice();
    if (notice != null) {
      kept.add(notice);
    }
    return new Admitted(kept, truncated, dropped);
  }

  private void count(Map<AgentCounters.LineDrop, Integer> dropped, AgentCounters.LineDrop reason, int lines) {
    if (lines > 0) {
      dropped.merge(reason, lines, Integer::sum);
      if (reason != AgentCounters.LineDrop.START_LIMIT) {
        unreported.merge(reason, (long) lines, Long::sum);
      }
    }
  }

  /** One line about what was dropped since the last one: at once the first time, then at most every 10 s. */
  private String notice() {
    if (full) {
      return PREFIX + "this start's agent log reached its limit of " + limits.logBytesPerStart()
          + " bytes (KUBICLE_AGENT_LOG_BYTES_PER_START); later lines are dropped";
    }
    long now = nanos.getAsLong();
    if (unreported.isEmpty() || (noticed && now - lastNotice < NOTICE_EVERY_NANOS)) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    long total = 0;
    for (Map.Entry<AgentCounters.LineDrop, Long> e : unreported.entrySet()) {
      total += e.getValue();
      parts.add(e.getValue() + (e.getKey() == AgentCounters.LineDrop.FRAME
          ? " over " + limits.logLinesPerFrame() + " lines per frame (KUBICLE_AGENT_LOG_LINES_PER_FRAME)"
          : " over " + limits.logLinesPerSecond() + " lines per second (KUBICLE_AGENT_LOG_LINES_PER_SECOND)"));
    }
    unreported.clear();
    noticed = true;
    lastNotice = now;
    String line = PREFIX + total + " log lines dropped: " + String.join(", ", parts);
    bytes += utf8Length(line); // notices count toward the total, so they cannot grow the log past it either
    return line;
  }

  static long utf8Length(String text) {
    long n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
