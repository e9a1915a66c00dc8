package dev.kubicle.operator.console;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per key (a user, or a client address before login): {@code perMinute} requests a minute on
 * average, bursts up to the same number. Full buckets are dropped now and then, so idle keys cost nothing.
 */
public final class RateLimiter {
  private static final int SWEEP_EVERY = 10_000;

  private final Clock clock;
  private final double capacity;
  private final double perNano;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

  private static final class Bucket {
    double tokens;
    long refilledAt;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.refilledAt = at;
    }
  }

  public RateLimiter(Clock clock, int perMinute) {
    this.clock = clock;
    this.capacity = perMinute;
    this.perNano = perMinute / 60e9;
  }

  /** 0 when the request may go ahead (and is counted), otherwise the seconds to wait before the next one. */
  public long acquire(String key) {
    long now = nanos();
    if (calls.incrementAndGet() % SWEEP_EVERY == 0) {
      sweep(now);
    }
    Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(capacity, now));
    synchronized (bucket) {
      bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.refilledAt) * perNano);
      bucket.refilledAt = now;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / perNano / 1e9));
    }
  }

  private long nanos() {
    // From the injectable clock, so tests can move time; millisecond precision is plenty here.
    return clock.millis() * 1_000_000L;
  }

  private void sweep(long now) {
    buckets.entrySet().removeIf(e -> {
      synchronized (e.getValue()) {
        return e.getValue().tokens + (now - e.getValue().refilledAt) * perNano >= capacity;
      }
    });
  }
}
