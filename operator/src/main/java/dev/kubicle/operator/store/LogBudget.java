package dev.kubicle.operator.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Counts what each log has stored against its quota, in memory: a build's log by (workspace uid, build), a
 * workspace's agent log (all sources) by (workspace uid, 0). A log seen for the first time in this process, or not
 * for {@link #RESEED_AFTER_MS} (retention may have deleted old agent lines since), is seeded from the store, so a
 * restart does not hand out a fresh quota. Bounded: the least recently used logs are forgotten and seeded again
 * when they come back. Deciding ({@link #admit}) and counting ({@link #commit}) are separate, so lines whose write
 * failed are neither counted nor reported twice when retried.
 */
final class LogBudget {
  static final long AGENT_LOG = 0;
  static final int MAX_LOGS = 20_000;
  static final long RESEED_AFTER_MS = 60 * 60 * 1000;

  /** One log's budget: a build's, or (build {@link #AGENT_LOG}) a workspace's agent log. */
  record Key(String workspaceUid, long build) {
    boolean agent() {
      return build == AGENT_LOG;
    }
  }

  /** The lines to write (with the marker when the quota is reached by them), what they add, what was dropped. */
  record Admission(List<String> lines, long bytes, long dropped, boolean reachedNow) {}

  private static final class Usage {
    long bytes;
    boolean full;
    long seededAtMs;
    /** Lines dropped for the quota since this process started counting the log. */
    long dropped;
  }

  private final LogQuotas quotas;
  private final Map<Key, Usage> usage = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, Usage> eldest) {
      return size() > MAX_LOGS;
    }
  };

  LogBudget(LogQuotas quotas) {
    this.quotas = quotas;
  }

  /**
   * Which of {@code lines} fit. {@code stored} is asked only when the log must be seeded; it may throw (the store
   * is down), and then nothing is decided.
   */
  synchronized Admission admit(Key key, List<String> lines, Supplier<LogUsage> stored, long nowMs) {
    Usage u = usage.get(key);
    if (u == null || nowMs - u.seededAtMs >= RESEED_AFTER_MS) {
      LogUsage seed = stored.get();
      long limit = limit(key);
      u = new Usage();
      u.bytes = seed.bytes();
      // Over the quota already: the marker was written when it was reached (before a restart), not again.
      u.full = limit > 0 && seed.bytes() >= limit;
      u.seededAtMs = nowMs;
      usage.put(key, u);
    }
    long limit = limit(key);
    if (u.full) {
      return new Admission(List.of(), 0, lines.size(), false);
    }
    List<String> kept = new ArrayList<>(lines.size());
    long bytes = 0;
    for (int i = 0; i < lines.size(); i++) {
      long size = LogText.bytes(lines.get(i));
      if (limit > 0 && u.bytes + bytes + size > limit) {
        kept.add(marker(key, limit));
        return new Admission(kept, bytes, lines.size() - i, true);
      }
      bytes += size;
      kept.add(lines.get(i));
    }
    return new Admission(kept, bytes, 0, false);
  }

  /** The admitted lines were stored. */
  synchronized void commit(Key key, Admission admission) {
    Usage u = usage.get(key);
    if (u != null) {
      u.bytes += admission.bytes();
      u.full |= admission.reachedNow();
      u.dropped += admission.dropped();
    }
  }

  /** Forgets the workspace's logs (it was deleted). */
  synchronized void forget(String workspaceUid) {
    usage.keySet().removeIf(k -> k.workspaceUid().equals(workspaceUid));
  }

  /**
   * Whether {@code lines} for the log would be dropped anyway (its quota is reached and it is not due to be
   * recounted); they are counted as dropped then.
   */
  synchronized boolean rejects(Key key, long nowMs, int lines) {
    Usage u = usage.get(key);
    if (u != null && u.full && nowMs - u.seededAtMs < RESEED_AFTER_MS) {
      u.dropped += lines;
      return true;
    }
    return false;
  }

  /** Lines of the log dropped for its quota since this process started counting it. */
  synchronized long dropped(Key key) {
    Usage u = usage.get(key);
    return u == null ? 0 : u.dropped;
  }

  /** Whether the log's quota is reached (tests, the workspace condition). */
  synchronized boolean full(Key key) {
    Usage u = usage.get(key);
    return u != null && u.full;
  }

  long limit(Key key) {
    return key.agent() ? quotas.agentBytes() : quotas.buildBytes();
  }

  static String marker(Key key, long limit) {
    return "[kubicle: log quota of " + LogQuotas.describe(limit) + " reached for "
        + (key.agent() ? "this workspace's agent log" : "this build") + "; later lines are dropped and counted]";
  }
}
