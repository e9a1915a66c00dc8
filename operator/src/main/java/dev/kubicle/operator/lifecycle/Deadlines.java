package dev.kubicle.operator.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Optional;

/** Coder's deadline arithmetic: the deadline after a start, and how activity moves it. Pure functions of time. */
public final class Deadlines {
  private Deadlines() {}

  /**
   * The state after a start build finished successfully at {@code finishedAt}: deadline = finish + TTL (none if the
   * TTL is 0), max deadline = finish + max lifetime (if any), the deadline capped at the max deadline; the start
   * counts as use, and a started workspace is no longer dormant.
   */
  public static LifecycleState onStartSucceeded(LifecyclePolicy p, LifecycleState s, Instant finishedAt) {
    Optional<Instant> maxDeadline = p.maxLifetime().map(finishedAt::plus);
    Optional<Instant> deadline = p.ttl().isZero() ? Optional.<Instant>empty() : Optional.of(finishedAt.plus(p.ttl()));
    deadline = deadline.map(d -> maxDeadline.filter(m -> m.isBefore(d)).orElse(d));
    return new LifecycleState(deadline, maxDeadline, Optional.of(finishedAt), Optional.empty(), s.lastAutostart());
  }

  /**
   * The new deadline when activity at {@code now} should move it, else empty (nothing to write).
   *
   * <p>Coder's rules: only with a bump > 0 and a deadline (the caller guarantees the latest build is a successful
   * start; no deadline means autostop is off); the candidate is {@code now + bump}, or, when that would pass the next
   * autostart after {@code now}, that autostart + TTL (the workspace then simply stays up through the next scheduled
   * start); never earlier than the current deadline; capped at the max deadline. Coder's 5 % rule applies too: no
   * bump unless {@code deadline - 0.95 * bump < now}.
   *
   * <p>Kubicle adds a coarser rule so continuous activity writes the status about twice per bump interval, not twenty
   * times: the deadline moves only when the candidate is at least {@code bump / 2} past it. With activity arriving
   * more often than every {@code bump / 2}, the deadline therefore never falls below {@code now + bump / 2}, so an
   * active workspace never stops. The half-bump check uses the uncapped candidate, so a final small move up to the
   * max deadline still happens.
   */
  public static Optional<Instant> bump(LifecyclePolicy p, LifecycleState s, Instant now) {
    Duration bump = p.activityBump();
    if (bump.isZero() || s.deadline().isEmpty()) {
      return Optional.empty();
    }
    Instant deadline = s.deadline().get();
    // Coder's 5 % rule: deadline - 0.95*bump < now.
    if (!deadline.minus(bump.multipliedBy(95).dividedBy(100)).isBefore(now)) {
      return Optional.empty();
    }
    Instant candidate = now.plus(bump);
    if (p.autostart().isPresent() && !p.ttl().isZero()) {
      Instant nextStart = p.autostart().get().next(ZonedDateTime.ofInstant(now, p.autostart().get().zone()))
          .toInstant();
      if (candidate.isAfter(nextStart)) {
        candidate = nextStart.plus(p.ttl());
      }
    }
    // The coarse rule (see above); it also covers "never earlier than the current deadline".
    if (Duration.between(deadline, candidate).compareTo(bump.dividedBy(2)) < 0) {
      return Optional.empty();
    }
    if (s.maxDeadline().isPresent() && candidate.isAfter(s.maxDeadline().get())) {
      candidate = s.maxDeadline().get();
    }
    return candidate.isAfter(deadline) ? Optional.of(candidate) : Optional.empty();
  }

  /** Whether {@code deadline} is set and has been reached at {@code now}. */
  public static boolean due(Optional<Instant> deadline, Instant now) {
    return deadline.isPresent() && !now.isBefore(deadline.get());
  }
}
