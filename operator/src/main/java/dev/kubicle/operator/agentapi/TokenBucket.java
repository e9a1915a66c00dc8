package dev.kubicle.operator.agentapi;

import java.util.function.LongSupplier;

/** A token bucket: {@code capacity} at once, refilled at {@code perSecond}; callers take what is left. */
final class TokenBucket {
  private final double capacity;
  private final double perNano;
  private final LongSupplier nanos;
  private double tokens;
  private long at;

  TokenBucket(double capacity, double perSecond, LongSupplier nanos) {
    this.capacity = capacity;
    this.perNano = perSecond / 1e9;
    this.nanos = nanos;
    this.tokens = capacity;
    this.at = nanos.getAsLong();
  }

  /** Takes up to {@code wanted} tokens and returns how many it got. */
  synchronized int take(int wanted) {
    refill();
    int granted = (int) Math.min(wanted, Math.floor(tokens));
    tokens -= granted;
    return granted;
  }

  /**
   * Takes {@code n} tokens even when that leaves a debt, and returns the nanoseconds until the debt is paid back
   * (0 when there is none): for costs known only after the fact, such as a message already received.
   */
  synchronized long spend(long n) {
    refill();
    tokens -= n;
    return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perNano);
  }

  /** Nanoseconds until one token is there (0 when one is there now). */
  synchronized long nanosUntilOne() {
    refill();
    return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano);
  }

  private void refill() {
    long now = nanos.getAsLong();
    tokens = Math.min(capacity, tokens + (now - at) * perNano);
    at = now;
  }
}
