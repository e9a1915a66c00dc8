package dev.kubicle.operator.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes log lines from builds and agents without blocking the caller (a reconcile, the agent's event loop, an HTTP
 * thread streaming a pod log) and writes them to the store in batches, a few times a second, from one background
 * thread. Store errors are logged and the lines kept for the next try, up to a bound per log: a slow or broken
 * store never fails a build or a reconcile, and never grows memory without end.
 */
public final class LogWriter implements AutoCloseable {
  /** A few times a second: live enough for a person watching, few enough writes for the store. */
  public static final Duration FLUSH_INTERVAL = Duration.ofMillis(200);
  /** Lines waiting per log; older ones are dropped beyond this, and the log says how many. */
  static final int MAX_PENDING_LINES = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(LogWriter.class);
  private static final long WARN_EVERY_MS = 60_000;

  private final Store store;
  private final Clock clock;
  private final ScheduledExecutorService flusher;
  private final Map<Key, Pending> pending = new LinkedHashMap<>();
  private final List<Task> tasks = new ArrayList<>();
  private final AtomicLong lastWarning = new AtomicLong(Long.MIN_VALUE / 2);
  private final AtomicLong failures = new AtomicLong();
  /** One flush at a time, so the batches of one log reach the store in the order they were queued. */
  private final Object flushing = new Object();

  /** A log: a build's (source null) or one source of a workspace's agent log. */
  private record Key(String workspaceUid, long build, String agentSource) {}

  /** Lines waiting for one log, with the time the first of them arrived. */
  private static final class Pending {
    final Instant since;
    final List<String> lines = new ArrayList<>();
    long dropped;

    Pending(Instant since) {
      this.since = since;
    }
  }

  /** Work that runs after the lines of the same flush (deletes, end-of-build fallbacks). */
  private interface Task {
    void run();
  }

  public LogWriter(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kubicle-log-writer");
      t.setDaemon(true);
      return t;
    });
    flusher.scheduleWithFixedDelay(this::flushQuietly, FLUSH_INTERVAL.toMillis(), FLUSH_INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  public Store store() {
    return store;
  }

  /** Queues lines of a running build's log. */
  public void build(String workspaceUid, long build, List<String> lines) {
    queue(new Key(workspaceUid, build, null), lines);
  }

  /** Queues lines the workspace's agent sent. */
  public void agent(String workspaceUid, String source, List<String> lines) {
    queue(new Key(workspaceUid, 0, source == null || source.isBlank() ? "agent" : source), lines);
  }

  /**
   * A build ended and {@code log} is all its provisioner has of it: stored only if nothing was stored for the build
   * yet, so a build observed twice (after a restart) or one whose lines were streamed is not stored twice.
   */
  public void buildEnded(String workspaceUid, long build, String log) {
    if (log == null || log.isBlank()) {
      return;
    }
    List<String> lines = List.of(log.strip().split("\r?\n", -1));
    Instant at = clock.instant();
    synchronized (this) {
      tasks.add(() -> {
        if (store.buildLogs().lastSeq(workspaceUid, build) == 0) {
          store.buildLogs().append(workspaceUid, build, at, lines);
        }
      });
    }
  }

  /** Forgets what is queued for the workspace and deletes its build and agent logs from the store. */
  public void deleteWorkspace(String workspaceUid) {
    synchronized (this) {
      pending.keySet().removeIf(k -> k.workspaceUid().equals(workspaceUid));
      tasks.add(() -> {
        store.buildLogs().deleteWorkspace(workspaceUid);
        store.agentLogs().deleteWorkspace(workspaceUid);
      });
    }
  }

  private void queue(Key key, List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    synchronized (this) {
      Pending p = pending.computeIfAbsent(key, k -> new Pending(clock.instant()));
      p.lines.addAll(lines);
      int excess = p.lines.size() - MAX_PENDING_LINES;
      if (excess > 0) {
        p.lines.subList(0, excess).clear();
        p.dropped += excess;
      }
    }
  }

  /** Writes everything queued so far (the background thread does this every {@link #FLUSH_INTERVAL}). */
  public void flush() {
    synchronized (flushing) {
      flushBatch();
    }
  }

  private void flushBatch() {
    Map<Key, Pending> batch;
    List<Task> work;
    synchronized (this) {
      batch = new LinkedHashMap<>(pending);
      pending.clear();
      work = new ArrayList<>(tasks);
      tasks.clear();
    }
    batch.forEach((key, p) -> {
      List<String> lines = p.lines;
      if (p.dropped > 0) {
        lines = new ArrayList<>(lines.size() + 1);
        lines.add("[kubicle: " + p.dropped + " earlier lines were not stored: the store was unavailable or too slow]");
        lines.addAll(p.lines);
      }
      try {
        if (key.agentSource() == null) {
          store.buildLogs().append(key.workspaceUid(), key.build(), p.since, lines);
        } else {
          store.agentLogs().append(key.workspaceUid(), key.agentSource(), p.since, lines);
        }
      } catch (RuntimeException e) {
        warn("log lines", e);
        requeue(key, p);
      }
    });
    for (Task task : work) {
      try {
        task.run();
      } catch (RuntimeException e) {
        warn("a log task", e);
      }
    }
  }

  /** Puts lines that could not be written back in front of newer ones, within the bound. */
  private synchronized void requeue(Key key, Pending failed) {
    Pending newer = pending.remove(key);
    Pending merged = new Pending(failed.since);
    merged.lines.addAll(failed.lines);
    merged.dropped = failed.dropped;
    if (newer != null) {
      merged.lines.addAll(newer.lines);
      merged.dropped += newer.dropped;
    }
    int excess = merged.lines.size() - MAX_PENDING_LINES;
    if (excess > 0) {
      merged.lines.subList(0, excess).clear();
      merged.dropped += excess;
    }
    pending.put(key, merged);
  }

  /** Store failures so far (tests and diagnostics). */
  public long failures() {
    return failures.get();
  }

  private void warn(String what, RuntimeException e) {
    failures.incrementAndGet();
    long now = System.currentTimeMillis();
    long last = lastWarning.get();
    if (now - last >= WARN_EVERY_MS && lastWarning.compareAndSet(last, now)) {
      LOG.warn("could not write {} to the store ({}); builds go on, lines are kept and retried: {}", what,
          store.describe(), e.getMessage());
    } else {
      LOG.debug("could not write {} to the store: {}", what, e.getMessage());
    }
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      warn("log lines", e);
    }
  }

  /** Stops the background thread after a last flush; the store itself is closed by its owner. */
  @Override
  public void close() {
    flusher.shutdown();
    try {
      flusher.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flushQuietly();
  }
}
