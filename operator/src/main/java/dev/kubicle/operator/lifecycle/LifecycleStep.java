package dev.kubicle.operator.lifecycle;

import dev.kubicle.api.v1alpha1.BuildPhase;
import dev.kubicle.api.v1alpha1.BuildRecord;
import dev.kubicle.api.v1alpha1.BuildTransition;
import dev.kubicle.api.v1alpha1.TemplateLifecycle;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspaceStatus;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The lifecycle part of a Workspace reconcile: sets the deadline when a start succeeds, moves it for activity,
 * decides whether a rule fires now, records the schedule in status and plans the next wake-up. Acting on the
 * decision (changing spec.running, deleting) is the controller's; this only decides.
 */
public class LifecycleStep {
  private final ActivityTracker activity;
  private final WakeupEventSource wakeups;

  public LifecycleStep(ActivityTracker activity, WakeupEventSource wakeups) {
    this.activity = activity;
    this.wakeups = wakeups;
  }

  /** Updates {@code status} with the schedule and returns what should happen now. */
  public LifecycleDecision.Action apply(Workspace ws, WorkspaceStatus status, TemplateLifecycle template,
      Instant now) {
    ResourceID id = ResourceID.fromResource(ws);
    LifecyclePolicy policy = LifecyclePolicy.resolve(template, ws.getSpec());
    LifecycleState state = LifecycleStatus.read(status);
    Observed observed = observe(ws, status);
    BuildRecord build = status.getCurrentBuild();
    if (state.lastUsedAt().isEmpty() && ws.getMetadata().getCreationTimestamp() != null) {
      // Never used yet: dormancy counts from creation.
      state = state.withLastUsedAt(Optional.of(Instant.parse(ws.getMetadata().getCreationTimestamp())));
    }
    if (userStopFinished(build, state)) {
      // A person stopping it is use; it also keeps an autostart due moments before from firing after the stop.
      state = state.withLastUsedAt(Optional.of(seconds(build.getFinishedAt())));
    }
    if (observed.running()) {
      // Once per start: the build number says which start the schedule belongs to (clocks of the API server
      // and the operator may differ, so timestamps alone cannot say it).
      if (!build.getNumber().equals(status.getScheduledBuild())) {
        state = Deadlines.onStartSucceeded(policy, state, seconds(build.getFinishedAt()));
        status.setScheduledBuild(build.getNumber());
      }
      Optional<Instant> used = activity.lastActivity(id);
      if (used.isPresent()) {
        Optional<Instant> moved = Deadlines.bump(policy, state, used.get());
        if (moved.isPresent()) {
          state = state.withDeadline(moved).withLastUsedAt(used.map(LifecycleStep::truncate));
        }
      }
    } else if (state.deadline().isPresent() || state.maxDeadline().isPresent()) {
      // Not running: no deadline to show.
      state = state.withDeadline(Optional.empty()).withMaxDeadline(Optional.empty());
    }
    if (ws.getSpec().wantsRunning() && state.dormantAt().isPresent() && !observed.running()) {
      state = LifecycleRules.wake(state, now); // a user asked for it: that wakes a dormant workspace
    }
    LifecycleDecision decision = LifecycleRules.decide(policy, state, observed, now);
    LifecycleStatus.write(decision.state(), status);
    status.setNextAutostart(policy.autostart().filter(a -> decision.state().dormantAt().isEmpty())
        .map(a -> a.next(now.atZone(a.zone())).toInstant().toString()).orElse(null));
    wakeups.schedule(id, decision.nextCheck());
    activity.worthWakingAfter(id, observed.running() && !policy.activityBump().isZero()
        ? decision.state().deadline().map(d -> d.minus(policy.activityBump().dividedBy(2)))
        : Optional.empty());
    return decision.action();
  }

  public void forget(ResourceID id) {
    activity.forget(id);
    wakeups.schedule(id, Optional.empty());
  }

  private static boolean userStopFinished(BuildRecord build, LifecycleState state) {
    if (build == null || build.getTransition() != BuildTransition.STOP || build.getPhase() != BuildPhase.Succeeded
        || build.getFinishedAt() == null) {
      return false;
    }
    boolean automatic = build.getReason() != null && build.getReason() != dev.kubicle.api.v1alpha1.BuildReason.INITIATOR
        && build.getReason() != dev.kubicle.api.v1alpha1.BuildReason.DASHBOARD;
    return !automatic && state.lastUsedAt().map(t -> t.isBefore(seconds(build.getFinishedAt()))).orElse(true);
  }

  private static Instant seconds(String instant) {
    return truncate(Instant.parse(instant));
  }

  private static Instant truncate(Instant instant) {
    return instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  static Observed observe(Workspace ws, WorkspaceStatus status) {
    BuildRecord build = status.getCurrentBuild();
    boolean inFlight = build != null && !build.getPhase().isFinished();
    boolean running = build != null && build.getTransition() == BuildTransition.START
        && build.getPhase() == BuildPhase.Succeeded;
    boolean stopped = build == null || (build.getTransition() == BuildTransition.STOP
        && build.getPhase() == BuildPhase.Succeeded);
    boolean failed = build != null && build.getPhase() == BuildPhase.Failed;
    Optional<Instant> failedAt = failed && build.getFinishedAt() != null
        ? Optional.of(Instant.parse(build.getFinishedAt())) : Optional.empty();
    return new Observed(running, stopped, failed, failedAt, ws.getSpec().wantsRunning(), inFlight);
  }

  /** For tests and docs: the bump interval's half, below which activity is not worth a write. */
  static Duration coarseness(LifecyclePolicy policy) {
    return policy.activityBump().dividedBy(2);
  }
}
