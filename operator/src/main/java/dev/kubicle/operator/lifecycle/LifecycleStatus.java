package dev.kubicle.operator.lifecycle;

import dev.kubicle.api.v1alpha1.WorkspaceStatus;
import java.time.Instant;
import java.util.Optional;

/** Reads and writes the lifecycle fields of Workspace status (RFC 3339 strings, to the second). */
final class LifecycleStatus {
  private LifecycleStatus() {}

  static LifecycleState read(WorkspaceStatus status) {
    return new LifecycleState(parse(status.getDeadline()), parse(status.getMaxDeadline()),
        parse(status.getLastUsedAt()), parse(status.getDormantAt()), parse(status.getLastAutostart()));
  }

  static void write(LifecycleState state, WorkspaceStatus status) {
    status.setDeadline(format(state.deadline()));
    status.setMaxDeadline(format(state.maxDeadline()));
    status.setLastUsedAt(format(state.lastUsedAt()));
    status.setDormantAt(format(state.dormantAt()));
    status.setLastAutostart(format(state.lastAutostart()));
  }

  private static Optional<Instant> parse(String text) {
    return text == null || text.isBlank() ? Optional.empty() : Optional.of(Instant.parse(text));
  }

  private static String format(Optional<Instant> instant) {
    return instant.map(i -> i.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()).orElse(null);
  }
}
