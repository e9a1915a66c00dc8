package dev.kubicle.operator.lifecycle;

import dev.kubicle.api.validation.AutostartSchedule;
import dev.kubicle.operator.lifecycle.LifecycleDecision.Action;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.stream.Stream;

/** Which lifecycle action is due for one workspace at one instant, and when to look again. Pure: no clock, no I/O. */
public final class LifecycleRules {
  /**
   * How late an autostart may still fire. The mechanism calls {@link #decide} at each {@code nextCheck}, so it
   * normally fires within seconds; an operator that was down across a scheduled time still starts the workspace if
   * it is back within this window, not later (nobody wants a 08:00 start at 14:00).
   */
  public static final Duration AUTOSTART_CATCH_UP = Duration.ofMinutes(5);

  private LifecycleRules() {}

  /**
   * The action due at {@code now}; first match wins, nothing while a build is in flight:
   *
   * <ol>
   *   <li>running and the deadline or max deadline reached: {@code AUTOSTOP};
   *   <li>the latest start failed, failure TTL > 0 and {@code failedAt + failureTtl <= now}: {@code FAILURE_STOP};
   *   <li>not running, not dormant, dormancy time > 0 and {@code lastUsedAt + timeTilDormant <= now}:
   *       {@code MARK_DORMANT} ({@code dormantAt = now}). Coder marks and stops in one go; here dormancy applies to
   *       workspaces that are not running, since a running unused workspace is stopped by its TTL first (with
   *       autostop off it stays up until the user stops it). No {@code lastUsedAt}: no dormancy, so the mechanism
   *       should seed it with the creation time;
   *   <li>dormant, delete-after-dormant > 0 and {@code dormantAt + dormantAutodelete <= now}: {@code AUTODELETE};
   *   <li>stopped, not dormant, a schedule, and {@code now} within {@link #AUTOSTART_CATCH_UP} after the most recent
   *       scheduled time t, which has not started it yet ({@code lastAutostart < t}) and which the workspace was
   *       stopped before ({@code lastUsedAt < t}: a user who stopped it after t keeps it stopped): {@code AUTOSTART}
   *       ({@code lastAutostart = t}).
   * </ol>
   *
   * <p>When {@code spec.running} disagrees with the latest build (the user just asked for a start or stop), the user
   * is acting and no rule fires. Apply pending activity with {@link Deadlines#bump} before calling this, or an active
   * workspace may be stopped at its stale deadline. {@code nextCheck} holds only instants after {@code now}; rules
   * blocked now (a build in flight, a user action) are looked at again when the workspace changes.
   */
  public static LifecycleDecision decide(LifecyclePolicy p, LifecycleState s, Observed o, Instant now) {
    Action action = o.buildInFlight() ? Action.NONE : action(p, s, o, now);
    LifecycleState next = switch (action) {
      case MARK_DORMANT -> s.withDormantAt(Optional.of(now));
      case AUTOSTART -> s.withLastAutostart(lastScheduled(p.autostart().get(), now));
      default -> s;
    };
    return new LifecycleDecision(action, nextCheck(p, next, o, now), next);
  }

  /** The state after a user start of a dormant workspace: no longer dormant. Call it on any user start. */
  public static LifecycleState wake(LifecycleState s) {
    return s.withDormantAt(Optional.empty());
  }

  /**
   * As {@link #wake(LifecycleState)}, and the start counts as use at {@code now}, so a start that then fails does not
   * mark the workspace dormant again right away.
   */
  public static LifecycleState wake(LifecycleState s, Instant now) {
    Instant used = s.lastUsedAt().filter(u -> u.isAfter(now)).orElse(now);
    return wake(s).withLastUsedAt(Optional.of(used));
  }

  private static Action action(LifecyclePolicy p, LifecycleState s, Observed o, Instant now) {
    boolean userActing = (o.running() && !o.desiredRunning()) || (o.stopped() && o.desiredRunning());
    if (userActing) {
      return Action.NONE;
    }
    if (o.running() && (Deadlines.due(s.deadline(), now) || Deadlines.due(s.maxDeadline(), now))) {
      return Action.AUTOSTOP;
    }
    if (failureStopAt(p, o).filter(t -> !now.isBefore(t)).isPresent()) {
      return Action.FAILURE_STOP;
    }
    if (dormantAt(p, s, o).filter(t -> !now.isBefore(t)).isPresent()) {
      return Action.MARK_DORMANT;
    }
    if (autodeleteAt(p, s).filter(t -> !now.isBefore(t)).isPresent()) {
      return Action.AUTODELETE;
    }
    if (autostartEligible(p, s, o) && lastScheduled(p.autostart().get(), now)
        .filter(t -> s.lastAutostart().map(t::isAfter).orElse(true))
        .filter(t -> s.lastUsedAt().map(t::isAfter).orElse(true))
        .isPresent()) {
      return Action.AUTOSTART;
    }
    return Action.NONE;
  }

  private static Optional<Instant> nextCheck(LifecyclePolicy p, LifecycleState s, Observed o, Instant now) {
    Optional<Instant> nextStart = autostartEligible(p, s, o)
        ? Optional.of(p.autostart().get().next(ZonedDateTime.ofInstant(now, p.autostart().get().zone())).toInstant())
        : Optional.empty();
    return Stream.of(
            o.running() ? s.deadline() : Optional.<Instant>empty(),
            o.running() ? s.maxDeadline() : Optional.<Instant>empty(),
            failureStopAt(p, o),
            dormantAt(p, s, o),
            autodeleteAt(p, s),
            nextStart)
        .flatMap(Optional::stream)
        .filter(now::isBefore)
        .min(Instant::compareTo);
  }

  // A failed start (the user still wants it running) is stopped failureTtl after it failed.
  private static Optional<Instant> failureStopAt(LifecyclePolicy p, Observed o) {
    if (!o.failed() || !o.desiredRunning() || p.failureTtl().isZero()) {
      return Optional.empty();
    }
    return o.failedAt().map(t -> t.plus(p.failureTtl()));
  }

  private static Optional<Instant> dormantAt(LifecyclePolicy p, LifecycleState s, Observed o) {
    if (o.running() || s.dormantAt().isPresent() || p.timeTilDormant().isZero()) {
      return Optional.empty();
    }
    return s.lastUsedAt().map(t -> t.plus(p.timeTilDormant()));
  }

  private static Optional<Instant> autodeleteAt(LifecyclePolicy p, LifecycleState s) {
    if (p.dormantAutodelete().isZero()) {
      return Optional.empty();
    }
    return s.dormantAt().map(t -> t.plus(p.dormantAutodelete()));
  }

  private static boolean autostartEligible(LifecyclePolicy p, LifecycleState s, Observed o) {
    return o.stopped() && !o.desiredRunning() && s.dormantAt().isEmpty() && p.autostart().isPresent();
  }

  // The latest scheduled time t with now - catch-up <= t <= now, if any. Schedule times are whole minutes and
  // next() is strictly after its argument, so starting just before the window includes its first instant.
  private static Optional<Instant> lastScheduled(AutostartSchedule schedule, Instant now) {
    Instant windowStart = now.minus(AUTOSTART_CATCH_UP);
    ZonedDateTime t = schedule.next(ZonedDateTime.ofInstant(windowStart.minusNanos(1), schedule.zone()));
    Optional<Instant> last = Optional.empty();
    while (!t.toInstant().isAfter(now)) {
      last = Optional.of(t.toInstant());
      t = schedule.next(t);
    }
    return last;
  }
}
