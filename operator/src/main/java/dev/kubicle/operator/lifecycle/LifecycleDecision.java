package dev.kubicle.operator.lifecycle;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What to do now, when to ask again ({@code nextCheck}: the earliest instant after now at which a rule could fire),
 * and the state to store (e.g. with {@code dormantAt} or {@code lastAutostart} set).
 */
public record LifecycleDecision(Action action, Optional<Instant> nextCheck, LifecycleState state) {

  /** The action the mechanism takes; each is one spec change plus an Event. */
  public enum Action {
    /** Nothing to do now. */
    NONE,
    /** Deadline or max deadline reached: set running=false, stopped-by autostop. */
    AUTOSTOP,
    /** Scheduled start time reached: set running=true. */
    AUTOSTART,
    /** A failed start outlived the failure TTL: set running=false, stopped-by failure. */
    FAILURE_STOP,
    /** Unused for the dormancy time: store {@code dormantAt}. */
    MARK_DORMANT,
    /** Dormant for the delete-after-dormant time: delete the workspace. */
    AUTODELETE
  }

  /** Rejects nulls. */
  public LifecycleDecision {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(nextCheck, "nextCheck");
    Objects.requireNonNull(state, "state");
  }
}
