package dev.kubicle.agent.connection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void delaysDoubleFromHalfASecondToThirtySecondsWithinTwentyPercentJitter() {
    Backoff backoff = Backoff.standard();
    long[] bases = {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
    for (long base : bases) {
      assertThat(backoff.nextDelayMs()).isBetween(Math.round(base * 0.8), Math.round(base * 1.2));
    }
    for (int i = 0; i < 100; i++) {
      assertThat(backoff.nextDelayMs()).isBetween(24_000L, 36_000L);
    }
  }

  @Test
  void aSuccessfulConnectionStartsOverAtHalfASecond() {
    Backoff backoff = Backoff.standard();
    for (int i = 0; i < 10; i++) {
      backoff.nextDelayMs();
    }
    backoff.reset();

    assertThat(backoff.nextDelayMs()).isBetween(400L, 600L);
  }
}
