package dev.kubicle.operator.provision;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a provisioner saw of one build.
 *
 * @param log the build log's tail when finished (may be empty)
 * @param pollAfter when to look again, for provisioners that send no events (empty: wait for an event)
 */
public record BuildObservation(State state, String message, String log, Map<String, String> outputs,
    List<String> resources, Optional<Duration> pollAfter) {

  /** The stages of a build as a provisioner reports them. */
  public enum State { SUBMITTED, RUNNING, SUCCEEDED, FAILED, MISSING }

  public static BuildObservation submitted(Optional<Duration> pollAfter) {
    return new BuildObservation(State.SUBMITTED, "", "", Map.of(), List.of(), pollAfter);
  }

  public static BuildObservation running(Optional<Duration> pollAfter) {
    return new BuildObservation(State.RUNNING, "", "", Map.of(), List.of(), pollAfter);
  }

  public static BuildObservation missing() {
    return new BuildObservation(State.MISSING, "", "", Map.of(), List.of(), Optional.empty());
  }

  public static BuildObservation succeeded(String log, Map<String, String> outputs, List<String> resources) {
    return new BuildObservation(State.SUCCEEDED, "", log, outputs, resources, Optional.empty());
  }

  public static BuildObservation failed(String message, String log) {
    return new BuildObservation(State.FAILED, message, log, Map.of(), List.of(), Optional.empty());
  }

  public boolean isFinished() {
    return state == State.SUCCEEDED || state == State.FAILED;
  }
}
