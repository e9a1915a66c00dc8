package dev.kubicle.agent.connection;

import java.util.concurrent.ThreadLocalRandom;

/** Exponential reconnect delays from 500 ms to 30 s with ±20 % jitter, so restarted agents do not dial in lockstep. */
public final class Backoff {
  private final long initialMs;
  private final long maxMs;
  private int attempt;

  public Backoff(long initialMs, long maxMs) {
    this.initialMs = initialMs;
    this.maxMs = maxMs;
  }

  public static Backoff standard() {
    return new Backoff(500, 30_000);
  }

  /** The delay before the next attempt; each call doubles the base up to the cap. */
  public synchronized long nextDelayMs() {
    long base = attempt >= 30 ? maxMs : Math.min(maxMs, initialMs << attempt);
    attempt++;
    double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
    return Math.round(base * jitter);
  }

  /** A successful connection starts the sequence again. */
  public synchronized void reset() {
    attempt = 0;
  }
}
