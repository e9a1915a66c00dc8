package dev.kubicle.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubicle.api.validation.AutostartSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeadlinesTest {
  static final Instant T0 = Instant.parse("2027-01-04T09:00:00Z");
  static final Duration HOUR = Duration.ofHours(1);

  static LifecyclePolicy policy(Duration ttl, Duration bump, Duration maxLifetime, String schedule) {
    return new LifecyclePolicy(ttl, bump, Optional.ofNullable(maxLifetime),
        Optional.ofNullable(schedule).map(s -> AutostartSchedule.parse("schedule", s)),
        Duration.ZERO, Duration.ZERO, Duration.ZERO);
  }

  static LifecycleState running(Instant deadline) {
    return LifecycleState.EMPTY.withDeadline(Optional.of(deadline));
  }

  @Test
  void startSetsDeadlineFromTtl() {
    LifecycleState s = Deadlines.onStartSucceeded(LifecyclePolicy.DEFAULTS,
        LifecycleState.EMPTY.withDormantAt(Optional.of(T0.minusSeconds(5))), T0);
    assertThat(s.deadline()).contains(T0.plus(Duration.ofHours(24)));
    assertThat(s.maxDeadline()).isEmpty();
    assertThat(s.lastUsedAt()).contains(T0);
    assertThat(s.dormantAt()).isEmpty();
  }

  @Test
  void startWithTtlZeroHasNoDeadlineAndMaxLifetimeCapsIt() {
    assertThat(Deadlines.onStartSucceeded(policy(Duration.ZERO, HOUR, null, null), LifecycleState.EMPTY, T0).deadline())
        .isEmpty();
    LifecycleState capped = Deadlines.onStartSucceeded(policy(Duration.ofHours(24), HOUR, Duration.ofHours(10), null),
        LifecycleState.EMPTY, T0);
    assertThat(capped.deadline()).contains(T0.plus(Duration.ofHours(10)));
    assertThat(capped.maxDeadline()).contains(T0.plus(Duration.ofHours(10)));
  }

  @Test
  void bumpExtendsToNowPlusBump() {
    LifecyclePolicy p = policy(Duration.ofMinutes(10), HOUR, null, null);
    assertThat(Deadlines.bump(p, running(T0.plus(Duration.ofMinutes(10))), T0.plusSeconds(60)))
        .contains(T0.plusSeconds(60).plus(HOUR));
  }

  @Test
  void bumpNeverShortens() {
    LifecyclePolicy p = policy(Duration.ofHours(24), HOUR, null, null);
    assertThat(Deadlines.bump(p, running(T0.plus(Duration.ofHours(20))), T0)).isEmpty();
  }

  @Test
  void bumpNeedsABumpAndADeadline() {
    assertThat(Deadlines.bump(policy(HOUR, Duration.ZERO, null, null), running(T0.plusSeconds(10)), T0)).isEmpty();
    assertThat(Deadlines.bump(policy(HOUR, HOUR, null, null), LifecycleState.EMPTY, T0)).isEmpty();
  }

  @Test
  void bumpCapsAtMaxDeadlineEvenForASmallFinalMove() {
    LifecyclePolicy p = policy(HOUR, HOUR, Duration.ofHours(3), null);
    LifecycleState s = running(T0.plus(Duration.ofMinutes(20))).withMaxDeadline(Optional.of(T0.plus(Duration.ofMinutes(30))));
    assertThat(Deadlines.bump(p, s, T0)).contains(T0.plus(Duration.ofMinutes(30)));
    LifecycleState atMax = s.withDeadline(s.maxDeadline());
    assertThat(Deadlines.bump(p, atMax, T0.plus(Duration.ofMinutes(25)))).isEmpty();
  }

  @Test
  void fivePercentRule() {
    // Coder applies a bump only when deadline - 0.95*bump < now: never within 3 minutes of the last 1h bump.
    LifecyclePolicy p = policy(HOUR, HOUR, null, null);
    assertThat(Deadlines.bump(p, running(T0.plus(HOUR)), T0)).isEmpty();
    assertThat(Deadlines.bump(p, running(T0.plus(Duration.ofMinutes(57))), T0)).isEmpty();
    assertThat(Deadlines.bump(p, running(T0.plus(Duration.ofMinutes(2))), T0)).contains(T0.plus(HOUR));
  }

  @Test
  void halfBumpRule() {
    // Kubicle's coarser rule: the deadline moves only when the new one is at least bump/2 later.
    LifecyclePolicy p = policy(HOUR, HOUR, null, null);
    assertThat(Deadlines.bump(p, running(T0.plus(Duration.ofMinutes(31))), T0)).isEmpty();
    assertThat(Deadlines.bump(p, running(T0.plus(Duration.ofMinutes(30))), T0)).contains(T0.plus(HOUR));
  }

  @Test
  void continuousActivityWritesAtMostTwiceAnHourAndNeverStops() {
    LifecyclePolicy p = policy(HOUR, HOUR, null, null);
    LifecycleState s = Deadlines.onStartSucceeded(p, LifecycleState.EMPTY, T0);
    int[] writesPerHour = new int[10];
    for (Instant now = T0; now.isBefore(T0.plus(Duration.ofHours(10))); now = now.plusSeconds(30)) {
      assertThat(Deadlines.due(s.deadline(), now)).as("stopped while active at %s", now).isFalse();
      Optional<Instant> moved = Deadlines.bump(p, s, now);
      if (moved.isPresent()) {
        s = s.withDeadline(moved);
        writesPerHour[(int) Duration.between(T0, now).toHours()]++;
      }
      assertThat(Duration.between(now, s.deadline().get())).isGreaterThanOrEqualTo(Duration.ofMinutes(30));
    }
    for (int writes : writesPerHour) {
      assertThat(writes).isBetween(1, 2);
    }
  }

  @Test
  void bumpThatWouldCrossAutostartRunsToAutostartPlusTtl() {
    LifecyclePolicy p = policy(Duration.ofHours(8), HOUR, null, "0 8 * * *");
    Instant now = Instant.parse("2027-01-05T07:30:00Z");
    assertThat(Deadlines.bump(p, running(now.plusSeconds(60)), now))
        .contains(Instant.parse("2027-01-05T16:00:00Z"));
    // Capped by the max deadline all the same.
    LifecycleState capped = running(now.plusSeconds(60)).withMaxDeadline(Optional.of(Instant.parse("2027-01-05T10:00:00Z")));
    assertThat(Deadlines.bump(p, capped, now)).contains(Instant.parse("2027-01-05T10:00:00Z"));
    // Not crossing: the plain bump.
    Instant early = Instant.parse("2027-01-05T05:00:00Z");
    assertThat(Deadlines.bump(p, running(early.plusSeconds(60)), early)).contains(early.plus(HOUR));
  }

  @Test
  void due() {
    assertThat(Deadlines.due(Optional.empty(), T0)).isFalse();
    assertThat(Deadlines.due(Optional.of(T0), T0)).isTrue();
    assertThat(Deadlines.due(Optional.of(T0.plusMillis(1)), T0)).isFalse();
  }
}
