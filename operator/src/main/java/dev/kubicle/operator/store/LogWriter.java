package dev.kubicle.operator.store;

import dev.kubicle.operator.metrics.OperatorMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes log lines from builds and agents without blocking the caller (a reconcile, the agent's event loop, an HTTP
 * thread streaming a pod log) and writes them to the store in batches, a few times a second, from one background
 * thread. Store errors are logged and the lines kept for the next try, up to a bound per log: a slow or broken
 * store never fails a build or a reconcile, and never grows memory without end. Each build's log and each
 * workspace's agent log has a quota ({@link LogQuotas}): beyond it lines are dropped and counted, and one line in
 * the log says so. When the store's volume is down to its reserve, log writes wait (logs give way to audit entries).
 */
public final class LogWriter implements AutoCloseable {
  /** A few times a second: live enough for a person watching, few enough writes for the store. */
  public static final Duration FLUSH_INTERVAL = Duration.ofMillis(200);
  /** Lines waiting per log; older ones are dropped beyond this, and the log says how many. */
  static final int MAX_PENDING_LINES = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(LogWriter.class);

  private final Store store;
  private final Clock clock;
  private final StoreHealth health;
  private final LogBudget budget;
  private final ScheduledExecutorService flusher;
  private final Map<Key, Pending> pending = new LinkedHashMap<>();
  private final List<Task> tasks = new ArrayList<>();
  private final AtomicLong failures = new AtomicLong();
  /** Workspaces whose last log write failed, with the store's message; bounded like the budget. */
  private final Map<String, String> unstored = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > LogBudget.MAX_LOGS;
    }
  };
  /** Told the uid of a workspace whose log trouble started or ended (wakes its reconcile for the condition). */
  private volatile Consumer<String> troubleChanged = uid -> { };
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
    this(store, clock, new StoreHealth(new OperatorMetrics()));
  }

  /** @param health where store failures and dropped lines are reported (metrics, the operator's log) */
  public LogWriter(Store store, Clock clock, StoreHealth health) {
    this.store = store;
    this.clock = clock;
    this.health = health;
    this.budget = new LogBudget(store.logQuotas());
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
        try {
          if (store.buildLogs().lastSeq(workspaceUid, build) == 0) {
            write(new Key(workspaceUid, build, null), at, lines);
          }
          unstored(workspaceUid, null);
        } catch (RuntimeException e) {
          // Not retried: the build's tail is still in its ConfigMap (BuildLogStore).
          unstored(workspaceUid, e.getMessage());
          throw e;
        }
      });
    }
  }

  /** Forgets what is queued for the workspace and deletes its build and agent logs from the store. */
  public void deleteWorkspace(String workspaceUid) {
    synchronized (this) {
      pending.keySet().removeIf(k -> k.workspaceUid().equals(workspaceUid));
      budget.forget(workspaceUid);
      synchronized (unstored) {
        unstored.remove(workspaceUid);
      }
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
    if (budget.rejects(budgetKey(key), clock.millis(), lines.size())) {
      health.dropped(StoreHealth.Drop.QUOTA, lines.size()); // no need to hold them until the next flush
      return;
    }
    synchronized (this) {
      Pending p = pending.computeIfAbsent(key, k -> new Pending(clock.instant()));
      p.lines.addAll(lines);
      int excess = p.lines.size() - MAX_PENDING_LINES;
      if (excess > 0) {
        p.lines.subList(0, excess).clear();
        p.dropped += excess;
        health.dropped(StoreHealth.Drop.BACKLOG, excess);
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
    boolean room = batch.isEmpty() || roomForLogs(); // asked only when there is something to write
    batch.forEach((key, p) -> {
      if (!room) {
        unstored(key.workspaceUid(), "the store's volume is down to the space reserved for audit entries "
            + "(KUBICLE_STORE_RESERVE_MIB)");
        requeue(key, p);
        return;
      }
      List<String> lines = p.lines;
      if (p.dropped > 0) {
        lines = new ArrayList<>(lines.size() + 1);
        lines.add("[kubicle: " + p.dropped + " earlier lines were not stored: the store was unavailable or too slow]");
        lines.addAll(p.lines);
      }
      try {
        write(key, p.since, lines);
        health.succeeded(StoreHealth.Write.LOGS);
        unstored(key.workspaceUid(), null);
      } catch (RuntimeException e) {
        failures.incrementAndGet();
        health.failed(StoreHealth.Write.LOGS, store.describe(), e);
        unstored(key.workspaceUid(), e.getMessage());
        requeue(key, p);
      }
    });
    for (Task task : work) {
      try {
        task.run();
      } catch (RuntimeException e) {
        failures.incrementAndGet();
        health.failed(StoreHealth.Write.LOGS, store.describe(), e);
      }
    }
  }

  /** Writes what the log's quota admits of {@code lines}; counts only once the store took them. */
  private void write(Key key, Instant since, List<String> lines) {
    boolean build = key.agentSource() == null;
    LogBudget.Key budgetKey = budgetKey(key);
    LogBudget.Admission admission = budget.admit(budgetKey, lines, () -> build
        ? store.buildLogs().usage(key.workspaceUid(), key.build())
        : store.agentLogs().usage(key.workspaceUid()), clock.millis());
    if (!admission.lines().isEmpty()) {
      if (build) {
        store.buildLogs().append(key.workspaceUid(), key.build(), since, admission.lines());
      } else {
        store.agentLogs().append(key.workspaceUid(), key.agentSource(), since, admission.lines());
      }
    }
    budget.commit(budgetKey, admission);
    health.dropped(StoreHealth.Drop.QUOTA, admission.dropped());
    if (admission.reachedNow()) {
      troubleChanged(key.workspaceUid());
      LOG.info("workspace uid {}: the log quota of {} is reached for {}; later lines are dropped and counted "
          + "(kubicle_log_lines_dropped_total)", key.workspaceUid(),
          LogQuotas.describe(budget.limit(budgetKey)), build ? "build #" + key.build() : "its agent log");
    }
  }

  private static LogBudget.Key budgetKey(Key key) {
    return new LogBudget.Key(key.workspaceUid(), key.agentSource() == null ? key.build() : LogBudget.AGENT_LOG);
  }

  /** The volume is down to its reserve: log lines wait (bounded) so that audit entries still fit. */
  private boolean roomForLogs() {
    if (store.roomForLogs()) {
      return true;
    }
    health.failed(StoreHealth.Write.LOGS, store.describe(), new StoreException("the store's volume is down to "
        + "the space reserved for audit entries (KUBICLE_STORE_RESERVE_MIB); log lines wait and the oldest are "
        + "dropped"));
    return false;
  }

  /**
   * Why lines of the workspace's agent log or of build {@code build} are not all stored, if they are not: the store
   * failed its last log write for the workspace, or a quota is reached.
   */
  public Optional<LogTrouble> trouble(String workspaceUid, long build) {
    String failure;
    synchronized (unstored) {
      failure = unstored.get(workspaceUid);
    }
    if (failure != null) {
      return Optional.of(new LogTrouble(LogTrouble.Reason.StoreUnavailable, "Log lines could not be stored "
          + "(they are kept in memory, up to " + MAX_PENDING_LINES + " per log, and retried): " + failure));
    }
    LogBudget.Key agent = new LogBudget.Key(workspaceUid, LogBudget.AGENT_LOG);
    LogBudget.Key current = new LogBudget.Key(workspaceUid, build);
    if (build > 0 && budget.full(current)) {
      return Optional.of(new LogTrouble(LogTrouble.Reason.LogQuotaReached, "Build #" + build + " reached "
          + "its log quota of " + LogQuotas.describe(store.logQuotas().buildBytes()) + "; " + budget.dropped(current)
          + " later lines were dropped"));
    }
    if (budget.full(agent)) {
      return Optional.of(new LogTrouble(LogTrouble.Reason.LogQuotaReached, "The agent log reached its "
          + "quota of " + LogQuotas.describe(store.logQuotas().agentBytes()) + "; " + budget.dropped(agent)
          + " later lines were dropped (since the operator started), and more are until retention deletes old ones"));
    }
    return Optional.empty();
  }

  /** Whether the log's quota is reached: a build's, or the workspace's agent log with build 0 (tests, status). */
  public boolean quotaReached(String workspaceUid, long build) {
    return budget.full(new LogBudget.Key(workspaceUid, build));
  }

  /** Calls {@code listener} with a workspace uid whenever its {@link #trouble} starts or ends. */
  public void onTroubleChanged(Consumer<String> listener) {
    this.troubleChanged = listener;
  }

  private void troubleChanged(String uid) {
    try {
      troubleChanged.accept(uid);
    } catch (RuntimeException e) {
      LOG.debug("could not wake workspace {} for its log condition: {}", uid, e.getMessage());
    }
  }

  /** Records (or clears, with null) why the workspace's last log write failed; says so when that changes. */
  private void unstored(String uid, String failure) {
    boolean changed;
    synchronized (unstored) {
      changed = failure == null ? unstored.remove(uid) != null : unstored.put(uid, failure) == null;
    }
    if (changed) {
      troubleChanged(uid);
    }
  }

  /** Where store failures and dropped lines are reported. */
  public StoreHealth health() {
    return health;
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
      health.dropped(StoreHealth.Drop.BACKLOG, excess);
    }
    pending.put(key, merged);
  }

  /** Store failures so far (tests and diagnostics). */
  public long failures() {
    return failures.get();
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      failures.incrementAndGet();
      health.failed(StoreHealth.Write.LOGS, store.describe(), e);
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
