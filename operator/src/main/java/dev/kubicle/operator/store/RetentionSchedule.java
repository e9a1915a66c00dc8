package dev.kubicle.operator.store;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the store's retention every hour (first a few minutes after start), on a background thread. */
public final class RetentionSchedule implements AutoCloseable {
  public static final Duration EVERY = Duration.ofHours(1);
  private static final Duration FIRST_AFTER = Duration.ofMinutes(2);
  private static final Logger LOG = LoggerFactory.getLogger(RetentionSchedule.class);

  private final ScheduledExecutorService scheduler;

  private RetentionSchedule(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  public static RetentionSchedule start(Store store, Clock clock) {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kubicle-store-retention");
      t.setDaemon(true);
      return t;
    });
    scheduler.scheduleWithFixedDelay(() -> run(store, clock), FIRST_AFTER.toMillis(), EVERY.toMillis(),
        TimeUnit.MILLISECONDS);
    return new RetentionSchedule(scheduler);
  }

  /** One pass; failures are logged, and the next hour tries again. */
  static void run(Store store, Clock clock) {
    try {
      long gone = store.applyRetention(clock.instant());
      if (gone > 0) {
        LOG.info("store retention: deleted {} old rows", gone);
      }
    } catch (RuntimeException e) {
      LOG.warn("store retention failed (tried again in {} min): {}", EVERY.toMinutes(), e.getMessage());
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
