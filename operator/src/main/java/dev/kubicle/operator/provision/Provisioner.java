package dev.kubicle.operator.provision;

import dev.kubicle.api.v1alpha1.Workspace;
import java.util.Optional;

/** Runs builds for one kind of template (terraform Jobs, local processes, scripted echo results). */
public interface Provisioner {
  /**
   * Starts the build, or adopts it if it already runs under its deterministic identity: calling this twice for one
   * build never runs it twice.
   */
  void submit(BuildRequest request);

  /** Where the build stands now; MISSING means nothing runs for it (submitted never, or lost). */
  BuildObservation observe(BuildRequest request);

  /** The Job a build of this workspace runs in, for provisioners that use Jobs; recorded before submitting. */
  default Optional<String> jobName(Workspace workspace, long buildNumber) {
    return Optional.empty();
  }

  /**
   * Whether this provisioner streams the build's log to the store itself while the build runs; otherwise the log it
   * reports when the build ends is stored then.
   */
  default boolean streamsBuildLogs() {
    return false;
  }

  /**
   * Removes what this provisioner keeps for a workspace that is gone for good (build secrets, and the Terraform
   * state unless {@code keepState}: an orphaned workspace keeps it, so its resources can still be destroyed by hand).
   */
  void cleanup(Workspace workspace, boolean keepState);
}
