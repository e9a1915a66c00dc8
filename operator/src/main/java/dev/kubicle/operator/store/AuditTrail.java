package dev.kubicle.operator.store;

import dev.kubicle.operator.metrics.OperatorMetrics;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log as the operator writes it: audit entries are the last thing to lose. When the store is full, the
 * oldest log lines are deleted to make room ({@link Store#makeRoomForAudit}); when it still fails, the entry waits in
 * a bounded queue, retried in order every {@link #RETRY_EVERY_MS} until the store takes it. The action it records
 * has already happened (the entry is written after the response), so it is not undone; only if more than
 * {@link #MAX_QUEUED} entries wait does the oldest leave the queue, written in full to the operator's log instead.
 */
public final class AuditTrail implements AuditLog, AutoCloseable {
  static final int MAX_QUEUED = 10_000;
  static final long RETRY_EVERY_MS = 2_000;
  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

  private final Store store;
  private final AuditLog log;
  private final StoreHealth health;
  private final Deque<AuditEntry> queued = new ArrayDeque<>();
  private final AtomicLong lost;
  private final ScheduledExecutorService retrier;

  public AuditTrail(Store store, StoreHealth health, OperatorMetrics metrics) {
    this.store = store;
    this.log = store.audit();
    this.health = health;
    this.lost = metrics.counter("kubicle_audit_entries_lost_total", "Audit entries that could not be kept in the "
        + "store (more than 10000 waited); each is written in full to the operator's log instead");
    metrics.gauge("kubicle_audit_entries_queued", "Audit entries waiting for the store to take them", this::queued);
    this.retrier = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kubicle-audit-retry");
      t.setDaemon(true);
      return t;
    });
    retrier.scheduleWithFixedDelay(this::drain, RETRY_EVERY_MS, RETRY_EVERY_MS, TimeUnit.MILLISECONDS);
  }

  /**
   * Writes the entry, or keeps it for a retry when the store cannot take it now; never throws for a store failure.
   * Returns the stored entry, or the given one (id 0) when it waits.
   */
  @Override
  public AuditEntry record(AuditEntry entry) {
    synchronized (this) {
      if (!queued.isEmpty()) {
        enqueue(entry); // behind the ones already waiting, so the log keeps its order
        return entry;
      }
    }
    try {
      return write(entry);
    } catch (StoreException e) {
      synchronized (this) {
        enqueue(entry);
      }
      return entry;
    }
  }

  @Override
  public List<AuditEntry> query(AuditQuery query) {
    return log.query(query);
  }

  public synchronized int queued() {
    return queued.size();
  }

  /** Writes waiting entries in order until the store refuses one (the background thread calls this). */
  void drain() {
    while (true) {
      AuditEntry next;
      synchronized (this) {
        next = queued.peekFirst();
      }
      if (next == null) {
        return;
      }
      try {
        write(next);
      } catch (RuntimeException e) {
        return; // reported by write; tried again later
      }
      synchronized (this) {
        queued.pollFirst();
      }
    }
  }

  /** Tries once; on "full", deletes the oldest log lines and tries once more. */
  private AuditEntry write(AuditEntry entry) {
    try {
      AuditEntry stored = log.record(entry);
      health.succeeded(StoreHealth.Write.AUDIT);
      return stored;
    } catch (StoreException e) {
      health.failed(StoreHealth.Write.AUDIT, store.describe(), e);
      long freed;
      try {
        freed = store.makeRoomForAudit(e);
      } catch (RuntimeException cannot) {
        freed = 0;
      }
      if (freed == 0) {
        throw e;
      }
      LOG.warn("the store is full: deleted the {} oldest log lines so that audit entries fit", freed);
      AuditEntry stored = log.record(entry);
      health.succeeded(StoreHealth.Write.AUDIT);
      return stored;
    }
  }

  private void enqueue(AuditEntry entry) {
    if (queued.size() >= MAX_QUEUED) {
      logInstead(queued.pollFirst());
    }
    queued.addLast(entry);
  }

  private void logInstead(AuditEntry entry) {
    lost.incrementAndGet();
    LOG.error("audit entry not stored (the store refused audit writes for too long), kept here instead: "
        + "at={} actor={} action={} kind={} namespace={} name={} source={} result={} detail={}", entry.at(),
        entry.actor(), entry.action(), entry.kind(), entry.namespace(), entry.name(), entry.sourceAddress(),
        entry.result(), entry.detail());
  }

  /** One last try; whatever still waits is written to the operator's log, so it is not lost silently. */
  @Override
  public void close() {
    retrier.shutdownNow();
    drain();
    synchronized (this) {
      while (!queued.isEmpty()) {
        logInstead(queued.pollFirst());
      }
    }
  }
}
