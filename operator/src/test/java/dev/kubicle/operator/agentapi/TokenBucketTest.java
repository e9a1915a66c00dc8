package dev.kubicle.operator.agentapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket behind the per-second log rate and the connection-attempt limit. */
class TokenBucketTest {
  @Test
  void grantsTheCapacityThenRefillsAtTheRateUpToTheCapacity() {
    AtomicLong nanos = new AtomicLong();
    TokenBucket bucket = new TokenBucket(10, 2, nanos::get);
    assertThat(bucket.take(15)).isEqualTo(10);
    assertThat(bucket.take(1)).isZero();
    assertThat(bucket.nanosUntilOne()).isEqualTo(500_000_000L);
    nanos.addAndGet(1_000_000_000L);
    assertThat(bucket.take(5)).isEqualTo(2);
    nanos.addAndGet(3_600_000_000_000L);
    assertThat(bucket.take(100)).isEqualTo(10);
  }

  @Test
  void spendingMoreThanThereIsLeavesADebtToWaitFor() {
    AtomicLong nanos = new AtomicLong();
    TokenBucket bucket = new TokenBucket(1000, 100, nanos::get);
    assertThat(bucket.spend(600)).isZero();
    assertThat(bucket.spend(600)).as("200 in debt at 100 a second").isEqualTo(2_000_000_000L);
    nanos.addAndGet(2_000_000_000L);
    assertThat(bucket.spend(1)).isEqualTo(10_000_000L);
  }
}
