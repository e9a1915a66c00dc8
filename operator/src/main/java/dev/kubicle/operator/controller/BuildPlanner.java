package dev.kubicle.operator.controller;

import dev.kubicle.api.v1alpha1.BuildPhase;
import dev.kubicle.api.v1alpha1.BuildRecord;
import dev.kubicle.api.v1alpha1.BuildTransition;
import dev.kubicle.api.v1alpha1.Workspace;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a Workspace needs a build, and which: pure, so every rule is testable without a cluster.
 * A failed build is not retried on its own; any spec change (a new generation) tries again, as in Coder where
 * the user starts a new build.
 */
public final class BuildPlanner {
  private BuildPlanner() {}

  /**
   * @param parameters the effective non-ephemeral parameter values the next start would use
   * @param targetVersion the template version the next start would use
   */
  public static Optional<BuildTransition> next(Workspace ws, Map<String, String> parameters, String targetVersion) {
    BuildTransition desired = ws.getSpec().wantsRunning() ? BuildTransition.START : BuildTransition.STOP;
    var status = ws.getStatus();
    BuildRecord last = status == null ? null : status.getCurrentBuild();
    if (last == null) {
      return desired == BuildTransition.START ? Optional.of(desired) : Optional.empty();
    }
    if (last.getTransition() != desired) {
      return Optional.of(desired);
    }
    long generation = Optional.ofNullable(ws.getMetadata().getGeneration()).orElse(0L);
    long builtFor = Optional.ofNullable(last.getGeneration()).orElse(0L);
    if (last.getPhase() == BuildPhase.Failed) {
      return generation > builtFor ? Optional.of(desired) : Optional.empty();
    }
    if (desired == BuildTransition.START && generation > builtFor) {
      // A running workspace is rebuilt only when what Terraform sees changed, not for any spec edit.
      boolean parametersChanged = !Objects.equals(parameters, status.getParameters());
      String pinned = ws.getSpec().getTemplate().getVersion();
      boolean pinChanged = pinned != null && !pinned.isBlank() && !pinned.equals(status.getTemplateVersion());
      if (parametersChanged || pinChanged) {
        return Optional.of(BuildTransition.START);
      }
    }
    return Optional.empty();
  }

}
