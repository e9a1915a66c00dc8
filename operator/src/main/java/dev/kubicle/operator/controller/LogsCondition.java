package dev.kubicle.operator.controller;

import dev.kubicle.api.v1alpha1.WorkspaceStatus;
import dev.kubicle.operator.kube.Conditions;
import dev.kubicle.operator.store.LogTrouble;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The Workspace's LogsStored condition: present, and False, only while some of its log lines are not stored (the
 * store fails or is short of space, or a log quota is reached); absent otherwise, so the usual four conditions stay
 * as they are. It comes last, after Ready, and never sets status.message: the workspace itself works either way.
 */
final class LogsCondition {
  /** While the condition is set, the workspace is looked at again this often, so it goes when the trouble does. */
  static final Duration RECHECK = Duration.ofSeconds(30);

  private LogsCondition() {}

  /**
   * Appends the condition to the derived conditions when there is trouble.
   *
   * @param before the conditions before this reconcile derived them (keeps lastTransitionTime)
   * @return when to look again, if the condition is set
   */
  static Optional<Duration> apply(WorkspaceStatus status, List<Condition> before, Optional<LogTrouble> trouble,
      Long generation, Instant now) {
    if (trouble.isEmpty()) {
      return Optional.empty();
    }
    status.getConditions().add(Conditions.make(before, WorkspaceStatusDeriver.LOGS_STORED, false,
        trouble.get().reason().name(), trouble.get().message(), generation, now));
    return Optional.of(RECHECK);
  }
}
