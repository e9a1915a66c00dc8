package dev.kubicle.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubicle.api.validation.AutostartSchedule;
import dev.kubicle.operator.lifecycle.LifecycleDecision.Action;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LifecycleRulesTest {
  static final Instant T0 = Instant.parse("2027-01-04T09:00:00Z");
  static final Duration HOUR = Duration.ofHours(1);
  static final Observed RUNNING = new Observed(true, false, false, Optional.empty(), true, false);
  static final Observed STOPPED = new Observed(false, true, false, Optional.empty(), false, false);

  static LifecyclePolicy policy(Duration ttl, String schedule, Duration failureTtl, Duration dormant, Duration delete) {
    return new LifecyclePolicy(ttl, HOUR, Optional.empty(),
        Optional.ofNullable(schedule).map(s -> AutostartSchedule.parse("schedule", s)), failureTtl, dormant, delete);
  }

  static Observed failed(Instant at) {
    return new Observed(false, false, true, Optional.of(at), true, false);
  }

  @Test
  void autostopAtDeadlineAndAtMaxDeadline() {
    LifecyclePolicy p = policy(HOUR, null, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    LifecycleState s = Deadlines.onStartSucceeded(p, LifecycleState.EMPTY, T0);
    LifecycleDecision before = LifecycleRules.decide(p, s, RUNNING, T0.plusSeconds(10));
    assertThat(before.action()).isEqualTo(Action.NONE);
    assertThat(before.nextCheck()).contains(T0.plus(HOUR));
    assertThat(LifecycleRules.decide(p, s, RUNNING, T0.plus(HOUR)).action()).isEqualTo(Action.AUTOSTOP);

    LifecycleState maxOnly = LifecycleState.EMPTY.withMaxDeadline(Optional.of(T0));
    assertThat(LifecycleRules.decide(p, maxOnly, RUNNING, T0).action()).isEqualTo(Action.AUTOSTOP);
  }

  @Test
  void nothingWhileABuildIsInFlightOrTheUserIsActing() {
    LifecyclePolicy p = policy(HOUR, null, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    LifecycleState s = LifecycleState.EMPTY.withDeadline(Optional.of(T0));
    Observed inFlight = new Observed(true, false, false, Optional.empty(), true, true);
    Observed stopRequested = new Observed(true, false, false, Optional.empty(), false, false);
    assertThat(LifecycleRules.decide(p, s, inFlight, T0).action()).isEqualTo(Action.NONE);
    assertThat(LifecycleRules.decide(p, s, stopRequested, T0).action()).isEqualTo(Action.NONE);

    LifecyclePolicy daily = policy(HOUR, "0 9 * * *", Duration.ZERO, Duration.ZERO, Duration.ZERO);
    Observed startRequested = new Observed(false, true, false, Optional.empty(), true, false);
    assertThat(LifecycleRules.decide(daily, LifecycleState.EMPTY, startRequested, T0).action()).isEqualTo(Action.NONE);
    assertThat(LifecycleRules.decide(daily, LifecycleState.EMPTY, STOPPED, T0).action()).isEqualTo(Action.AUTOSTART);
  }

  @Test
  void autostartInBerlinAcrossTheDstChangeFiresAtEightLocalEveryDay() {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    LifecyclePolicy p = policy(HOUR, "CRON_TZ=Europe/Berlin 0 8 * * *", Duration.ZERO, Duration.ZERO, Duration.ZERO);
    LifecycleState s = LifecycleState.EMPTY;
    boolean running = false;
    Instant now = Instant.parse("2027-03-25T12:00:00Z");
    Instant end = Instant.parse("2027-03-31T12:00:00Z");
    List<Instant> starts = new ArrayList<>();
    while (now.isBefore(end)) {
      Observed o = running ? RUNNING : STOPPED;
      LifecycleDecision d = LifecycleRules.decide(p, s, o, now);
      s = d.state();
      if (d.action() == Action.AUTOSTART) {
        starts.add(now);
        // Called again at the same instant before the build shows up: no second start for the same time.
        assertThat(LifecycleRules.decide(p, s, STOPPED, now).action()).isEqualTo(Action.NONE);
        s = Deadlines.onStartSucceeded(p, s, now.plusSeconds(40));
        running = true;
        now = now.plusSeconds(40);
        continue;
      }
      if (d.action() == Action.AUTOSTOP) {
        // The stop build finished: the mechanism decides again for the stopped workspace.
        running = false;
        continue;
      }
      assertThat(d.action()).isEqualTo(Action.NONE);
      now = d.nextCheck().orElseThrow();
    }
    assertThat(starts).hasSize(6).allSatisfy(t -> assertThat(t.atZone(berlin).toLocalTime()).isEqualTo(LocalTime.of(8, 0)));
    assertThat(starts).contains(Instant.parse("2027-03-27T07:00:00Z"), Instant.parse("2027-03-28T06:00:00Z"));
  }

  @Test
  void autostartCatchesUpFiveMinutesNotLater() {
    LifecyclePolicy p = policy(HOUR, "0 9 * * *", Duration.ZERO, Duration.ZERO, Duration.ZERO);
    assertThat(LifecycleRules.decide(p, LifecycleState.EMPTY, STOPPED, T0.plus(Duration.ofMinutes(5))).action())
        .isEqualTo(Action.AUTOSTART);
    LifecycleDecision late = LifecycleRules.decide(p, LifecycleState.EMPTY, STOPPED, T0.plus(Duration.ofMinutes(6)));
    assertThat(late.action()).isEqualTo(Action.NONE);
    assertThat(late.nextCheck()).contains(T0.plus(Duration.ofDays(1)));
  }

  @Test
  void noDoubleAutostartForTheSameScheduledTime() {
    LifecyclePolicy p = policy(HOUR, "0 9 * * *", Duration.ZERO, Duration.ZERO, Duration.ZERO);
    LifecycleDecision first = LifecycleRules.decide(p, LifecycleState.EMPTY, STOPPED, T0.plusSeconds(5));
    assertThat(first.action()).isEqualTo(Action.AUTOSTART);
    assertThat(first.state().lastAutostart()).contains(T0);
    // The start failed fast or the user stopped it again within the window: not started a second time.
    assertThat(LifecycleRules.decide(p, first.state(), STOPPED, T0.plusSeconds(120)).action()).isEqualTo(Action.NONE);
  }

  @Test
  void aUserWhoStoppedAfterTheScheduledTimeKeepsItStopped() {
    LifecyclePolicy p = policy(HOUR, "0 9 * * *", Duration.ZERO, Duration.ZERO, Duration.ZERO);
    LifecycleState usedAfter = LifecycleState.EMPTY.withLastUsedAt(Optional.of(T0.plusSeconds(60)));
    assertThat(LifecycleRules.decide(p, usedAfter, STOPPED, T0.plusSeconds(90)).action()).isEqualTo(Action.NONE);
  }

  @Test
  void dormantWorkspacesDoNotAutostartUntilWoken() {
    LifecyclePolicy p = policy(HOUR, "0 9 * * *", Duration.ZERO, Duration.ZERO, Duration.ZERO);
    LifecycleState dormant = LifecycleState.EMPTY.withDormantAt(Optional.of(T0.minus(Duration.ofDays(3))));
    LifecycleDecision d = LifecycleRules.decide(p, dormant, STOPPED, T0);
    assertThat(d.action()).isEqualTo(Action.NONE);
    assertThat(d.nextCheck()).isEmpty();
    assertThat(LifecycleRules.wake(dormant).dormantAt()).isEmpty();
    LifecycleState woken = LifecycleRules.wake(dormant, T0);
    assertThat(woken.dormantAt()).isEmpty();
    assertThat(woken.lastUsedAt()).contains(T0);
  }

  @Test
  void failureTtlStopsAFailedStart() {
    LifecyclePolicy p = policy(HOUR, null, Duration.ofMinutes(10), Duration.ZERO, Duration.ZERO);
    LifecycleDecision early = LifecycleRules.decide(p, LifecycleState.EMPTY, failed(T0), T0.plusSeconds(60));
    assertThat(early.action()).isEqualTo(Action.NONE);
    assertThat(early.nextCheck()).contains(T0.plus(Duration.ofMinutes(10)));
    assertThat(LifecycleRules.decide(p, LifecycleState.EMPTY, failed(T0), T0.plus(Duration.ofMinutes(10))).action())
        .isEqualTo(Action.FAILURE_STOP);
    LifecyclePolicy off = policy(HOUR, null, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    assertThat(LifecycleRules.decide(off, LifecycleState.EMPTY, failed(T0), T0.plus(Duration.ofDays(9))).action())
        .isEqualTo(Action.NONE);
  }

  @Test
  void markDormantThenAutodelete() {
    Duration month = Duration.ofDays(30);
    Duration week = Duration.ofDays(7);
    LifecyclePolicy p = policy(HOUR, null, Duration.ZERO, month, week);
    LifecycleState s = LifecycleState.EMPTY.withLastUsedAt(Optional.of(T0));

    LifecycleDecision waiting = LifecycleRules.decide(p, s, STOPPED, T0.plus(HOUR));
    assertThat(waiting.action()).isEqualTo(Action.NONE);
    assertThat(waiting.nextCheck()).contains(T0.plus(month));

    Instant markAt = T0.plus(month).plusSeconds(2);
    LifecycleDecision mark = LifecycleRules.decide(p, s, STOPPED, markAt);
    assertThat(mark.action()).isEqualTo(Action.MARK_DORMANT);
    assertThat(mark.state().dormantAt()).contains(markAt);
    assertThat(mark.nextCheck()).contains(markAt.plus(week));

    assertThat(LifecycleRules.decide(p, mark.state(), STOPPED, markAt.plus(week).minusSeconds(1)).action())
        .isEqualTo(Action.NONE);
    assertThat(LifecycleRules.decide(p, mark.state(), STOPPED, markAt.plus(week)).action())
        .isEqualTo(Action.AUTODELETE);
    // A running workspace is not marked dormant: its TTL stops it first.
    assertThat(LifecycleRules.decide(p, s, RUNNING, markAt).action()).isEqualTo(Action.NONE);
  }

  @Test
  void nextCheckIsTheEarliestRelevantInstant() {
    LifecyclePolicy p = new LifecyclePolicy(HOUR, HOUR, Optional.of(Duration.ofHours(5)),
        Optional.of(AutostartSchedule.parse("s", "30 9 * * *")), Duration.ofMinutes(20), Duration.ofHours(2),
        Duration.ofHours(3));
    LifecycleState started = Deadlines.onStartSucceeded(p, LifecycleState.EMPTY, T0);
    // Running: the deadline (10:00) comes before the max deadline (14:00); schedule and dormancy do not apply.
    assertThat(LifecycleRules.decide(p, started, RUNNING, T0).nextCheck()).contains(T0.plus(HOUR));
    assertThat(LifecycleRules.decide(p, started.withDeadline(Optional.of(T0.plus(Duration.ofHours(6)))), RUNNING, T0)
        .nextCheck()).contains(T0.plus(Duration.ofHours(5)));
    // Stopped, last used at 09:00: autostart at 09:30 before dormancy at 11:00.
    LifecycleState stopped = started;
    assertThat(LifecycleRules.decide(p, stopped, STOPPED, T0).nextCheck()).contains(T0.plus(Duration.ofMinutes(30)));
    assertThat(LifecycleRules.decide(p, stopped, STOPPED, T0.plus(Duration.ofMinutes(40))).nextCheck())
        .contains(T0.plus(Duration.ofHours(2)));
    // Failed at 09:00: the failure stop at 09:20 comes first.
    assertThat(LifecycleRules.decide(p, stopped, failed(T0), T0).nextCheck()).contains(T0.plus(Duration.ofMinutes(20)));
    // Dormant since 09:00: only the autodelete at 12:00 (no autostart, no dormancy).
    LifecycleState dormant = stopped.withDormantAt(Optional.of(T0));
    assertThat(LifecycleRules.decide(p, dormant, STOPPED, T0).nextCheck()).contains(T0.plus(Duration.ofHours(3)));
    // Nothing configured: nothing to wake up for.
    assertThat(LifecycleRules.decide(policy(Duration.ZERO, null, Duration.ZERO, Duration.ZERO, Duration.ZERO),
        LifecycleState.EMPTY, STOPPED, T0).nextCheck()).isEmpty();
  }

  @Test
  void activeWorkspaceStaysUpWhileAnIdleOneStops() {
    LifecyclePolicy p = policy(HOUR, null, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    LifecycleState active = Deadlines.onStartSucceeded(p, LifecycleState.EMPTY, T0);
    LifecycleState idle = active;
    Instant idleStoppedAt = null;
    for (Instant now = T0; now.isBefore(T0.plus(Duration.ofHours(5))); now = now.plusSeconds(30)) {
      Optional<Instant> moved = Deadlines.bump(p, active, now);
      if (moved.isPresent()) {
        active = active.withDeadline(moved);
      }
      assertThat(LifecycleRules.decide(p, active, RUNNING, now).action()).isEqualTo(Action.NONE);
      if (idleStoppedAt == null && LifecycleRules.decide(p, idle, RUNNING, now).action() == Action.AUTOSTOP) {
        idleStoppedAt = now;
      }
    }
    assertThat(idleStoppedAt).isEqualTo(T0.plus(HOUR));
  }
}
