package dev.kubicle.operator.lifecycle;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the mechanism sees of a workspace when it asks for a decision: the outcome of its latest build and what the
 * user asked for.
 *
 * @param running the latest build is a successful start
 * @param stopped the latest build is a successful stop, or there is none
 * @param failed the latest build failed
 * @param failedAt when it failed
 * @param desiredRunning {@code spec.running}
 * @param buildInFlight a build is queued or running
 */
public record Observed(boolean running, boolean stopped, boolean failed, Optional<Instant> failedAt,
    boolean desiredRunning, boolean buildInFlight) {

  /** Rejects a null {@code failedAt}: absent is {@code Optional.empty()}. */
  public Observed {
    Objects.requireNonNull(failedAt, "failedAt");
  }
}
