package dev.kubicle.operator.lifecycle;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The schedule facts a Workspace's status holds (stored there as RFC 3339 strings), so an operator restart loses no
 * schedule. {@code lastAutostart} is the scheduled time of the last autostart, so one scheduled time starts the
 * workspace at most once.
 */
public record LifecycleState(
    Optional<Instant> deadline,
    Optional<Instant> maxDeadline,
    Optional<Instant> lastUsedAt,
    Optional<Instant> dormantAt,
    Optional<Instant> lastAutostart) {

  /** A workspace that has never run. */
  public static final LifecycleState EMPTY = new LifecycleState(Optional.empty(), Optional.empty(), Optional.empty(),
      Optional.empty(), Optional.empty());

  /** Rejects null optionals: absent is {@code Optional.empty()}. */
  public LifecycleState {
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(maxDeadline, "maxDeadline");
    Objects.requireNonNull(lastUsedAt, "lastUsedAt");
    Objects.requireNonNull(dormantAt, "dormantAt");
    Objects.requireNonNull(lastAutostart, "lastAutostart");
  }

  /** This state with {@code deadline} replaced. */
  public LifecycleState withDeadline(Optional<Instant> deadline) {
    return new LifecycleState(deadline, maxDeadline, lastUsedAt, dormantAt, lastAutostart);
  }

  /** This state with {@code maxDeadline} replaced. */
  public LifecycleState withMaxDeadline(Optional<Instant> maxDeadline) {
    return new LifecycleState(deadline, maxDeadline, lastUsedAt, dormantAt, lastAutostart);
  }

  /** This state with {@code lastUsedAt} replaced. */
  public LifecycleState withLastUsedAt(Optional<Instant> lastUsedAt) {
    return new LifecycleState(deadline, maxDeadline, lastUsedAt, dormantAt, lastAutostart);
  }

  /** This state with {@code dormantAt} replaced. */
  public LifecycleState withDormantAt(Optional<Instant> dormantAt) {
    return new LifecycleState(deadline, maxDeadline, lastUsedAt, dormantAt, lastAutostart);
  }

  /** This state with {@code lastAutostart} replaced. */
  public LifecycleState withLastAutostart(Optional<Instant> lastAutostart) {
    return new LifecycleState(deadline, maxDeadline, lastUsedAt, dormantAt, lastAutostart);
  }
}
