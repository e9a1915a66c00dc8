package dev.kubicle.operator.store;

import dev.kubicle.operator.metrics.OperatorMetrics;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the store takes writes, as the writers that tolerate its failures see it (logs, audit, task records): says
 * so in the operator's log (at most one warning a minute per kind of write), in metrics
 * ({@code kubicle_store_write_failures_total{what}}, {@code kubicle_store_healthy},
 * {@code kubicle_log_lines_dropped_total{reason}}), and to whoever asks ({@link #healthy}).
 */
public final class StoreHealth {
  /** What was being written; label values of the failure counter. */
  public enum Write {
    LOGS, AUDIT, TASK_RECORDS;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Why log lines were not stored; label values of the dropped-lines counter. */
  public enum Drop {
    /** The build's or workspace's log quota was reached. */
    QUOTA,
    /**
     * More lines waited for one log than it may hold in memory (10,000): the store was failing, short of space, or
     * slower than the lines came.
     */
    BACKLOG;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static final long WARN_EVERY_MS = 60_000;
  private static final Logger LOG = LoggerFactory.getLogger(StoreHealth.class);

  private final OperatorMetrics metrics;
  private final LongSupplier millis;
  private final ConcurrentHashMap<Write, AtomicLong> lastWarning = new ConcurrentHashMap<>();
  /** The last write outcome per kind; the store is healthy when none of them last failed. */
  private final ConcurrentHashMap<Write, Boolean> lastFailed = new ConcurrentHashMap<>();
  private final AtomicReference<String> lastError = new AtomicReference<>();

  public StoreHealth(OperatorMetrics metrics) {
    this(metrics, System::currentTimeMillis);
  }

  StoreHealth(OperatorMetrics metrics, LongSupplier millis) {
    this.metrics = metrics;
    this.millis = millis;
    metrics.gauge("kubicle_store_healthy", "1 when the last write of every kind (logs, audit, task records) "
        + "reached the store, 0 when one failed", () -> healthy() ? 1 : 0);
  }

  /**
   * A write of {@code what} failed; logged at most once a minute per kind, with the store's own message.
   *
   * @param store which store, as {@link Store#describe} says it (no password), or null when the caller cannot tell
   */
  public void failed(Write what, String store, RuntimeException e) {
    lastFailed.put(what, true);
    lastError.set(e.getMessage());
    metrics.counter("kubicle_store_write_failures_total", "Writes to the store that failed, by what was written",
        "what", what.label()).incrementAndGet();
    long now = millis.getAsLong();
    AtomicLong last = lastWarning.computeIfAbsent(what, w -> new AtomicLong(Long.MIN_VALUE / 2));
    long previous = last.get();
    if (now - previous >= WARN_EVERY_MS && last.compareAndSet(previous, now)) {
      LOG.warn("the store{} could not take {} writes; the operator keeps reconciling and serving: {}",
          store == null ? "" : " (" + store + ")", what.label().replace('_', ' '), e.getMessage());
    } else {
      LOG.debug("store write of {} failed: {}", what.label(), e.getMessage());
    }
  }

  /** A write of {@code what} reached the store. */
  public void succeeded(Write what) {
    if (lastFailed.put(what, false) == Boolean.TRUE) {
      LOG.info("the store takes {} writes again", what.label().replace('_', ' '));
    }
  }

  /** Log lines not stored, counted by reason. */
  public void dropped(Drop reason, long lines) {
    if (lines > 0) {
      counter(reason).addAndGet(lines);
    }
  }

  /** Lines dropped for {@code reason} so far (tests, diagnostics). */
  public long droppedSoFar(Drop reason) {
    return counter(reason).get();
  }

  public long failures(Write what) {
    return metrics.value("kubicle_store_write_failures_total", "what", what.label());
  }

  public boolean healthy() {
    return !lastFailed.containsValue(true);
  }

  /** Whether the last write of {@code what} failed. */
  public boolean failing(Write what) {
    return lastFailed.getOrDefault(what, false);
  }

  /** The message of the last failure, for a condition or a status message; null when none. */
  public String lastError() {
    return lastError.get();
  }

  private AtomicLong counter(Drop reason) {
    return metrics.counter("kubicle_log_lines_dropped_total", "Build and agent log lines not stored, by reason",
        "reason", reason.label());
  }
}
