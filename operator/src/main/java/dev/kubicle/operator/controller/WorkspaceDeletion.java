package dev.kubicle.operator.controller;

import dev.kubicle.api.v1alpha1.BuildPhase;
import dev.kubicle.api.v1alpha1.BuildRecord;
import dev.kubicle.api.v1alpha1.BuildTransition;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspaceStatus;
import dev.kubicle.operator.controller.WorkspaceStatusDeriver.Resolved;
import dev.kubicle.operator.kube.EventReason;
import dev.kubicle.operator.kube.EventRecorder;
import dev.kubicle.operator.kube.Labels;
import dev.kubicle.operator.lifecycle.LifecycleStep;
import dev.kubicle.operator.provision.Provisioners;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delete path behind the finalizer: finish the build in flight, run a destroy build with the version that
 * built the workspace, then clean up; or skip the destroy when nothing was built, or when the orphan annotation
 * says so. A destroy that fails keeps the Workspace and says how to go on.
 */
final class WorkspaceDeletion {
  private static final Logger LOG = LoggerFactory.getLogger(WorkspaceDeletion.class);

  private final WorkspaceBuildSteps steps;
  private final WorkspaceSources sources;
  private final Provisioners provisioners;
  private final LifecycleStep lifecycle;
  private final EventRecorder events;
  private final OverlayAddressStep addresses;

  WorkspaceDeletion(WorkspaceBuildSteps steps, WorkspaceSources sources, Provisioners provisioners,
      LifecycleStep lifecycle, EventRecorder events, OverlayAddressStep addresses) {
    this.addresses = addresses;
    this.steps = steps;
    this.sources = sources;
    this.provisioners = provisioners;
    this.lifecycle = lifecycle;
    this.events = events;
  }

  DeleteControl delete(Workspace ws, Context<Workspace> context) {
    WorkspaceStatus status = WorkspaceBuildSteps.copyStatus(ws);
    Map<String, String> annotations = ws.getMetadata().getAnnotations() == null ? Map.of()
        : ws.getMetadata().getAnnotations();
    if ("true".equals(annotations.get(Labels.ORPHAN_ON_DELETE))) {
      events.record(ws, EventReason.Orphaned, "Deleted without destroy (" + Labels.ORPHAN_ON_DELETE
          + "): resources Terraform created may remain; their state stays in Secret tfstate-default-"
          + ws.getMetadata().getUid());
      return gone(ws, true);
    }
    if (WorkspaceBuildSteps.inFlight(status)) {
      return waitFor(steps.follow(ws, status, context));
    }
    BuildRecord current = status.getCurrentBuild();
    if (current != null && current.getTransition() == BuildTransition.DELETE) {
      if (current.getPhase() == BuildPhase.Succeeded) {
        return gone(ws, false);
      }
      if (Optional.ofNullable(ws.getMetadata().getGeneration()).orElse(0L) <= current.getGeneration()) {
        current.setMessage(destroyFailedHint(current.getMessage()));
        steps.settle(ws, status, context, null);
        return DeleteControl.noFinalizerRemoval();
      }
    } else if (!mayHaveResources(status)) {
      return gone(ws, false);
    }
    String version = status.getTemplateVersion() != null ? status.getTemplateVersion()
        : current.getTemplateVersion();
    TemplateResolver.Resolution resolution = sources.resolver().resolveVersion(ws, version);
    if (!resolution.resolved()) {
      String message = "Cannot destroy: " + resolution.message() + ". Restore the template, or annotate "
          + Labels.ORPHAN_ON_DELETE + "=true to delete without destroying";
      events.record(ws, EventReason.DestroyFailed, message);
      steps.settle(ws, status, context, new Resolved(false, resolution.failure().name(), message));
      return DeleteControl.noFinalizerRemoval();
    }
    Map<String, String> values = status.getParameters().isEmpty()
        ? WorkspaceBuildSteps.effective(resolution.snapshot().get().parameters(), ws) : status.getParameters();
    return waitFor(steps.start(ws, status, context, BuildTransition.DELETE, resolution.snapshot().get(), values,
        null, resolution.latestVersion()));
  }

  private DeleteControl gone(Workspace ws, boolean keepState) {
    provisioners.cleanupAll(ws, keepState);
    steps.gone(ws);
    lifecycle.forget(ResourceID.fromResource(ws));
    sources.forgetAgent(ws);
    events.forget(ws);
    addresses.release(ws);
    LOG.info("workspace deleted");
    return DeleteControl.defaultDelete();
  }

  /** Something may exist to destroy once any build succeeded or ran as a Job; a build that never ran left nothing. */
  static boolean mayHaveResources(WorkspaceStatus status) {
    BuildRecord current = status.getCurrentBuild();
    if (current == null) {
      return false;
    }
    return Stream.concat(Stream.of(current), status.getBuilds().stream())
        .anyMatch(b -> b.getPhase() == BuildPhase.Succeeded || b.getJob() != null);
  }

  private static String destroyFailedHint(String message) {
    String hint = "Fix the cause and edit the Workspace to retry, or annotate " + Labels.ORPHAN_ON_DELETE
        + "=true to delete it without destroying";
    return message != null && message.contains(hint) ? message : (message == null ? "" : message + "\n") + hint;
  }

  private static DeleteControl waitFor(Optional<Duration> after) {
    DeleteControl control = DeleteControl.noFinalizerRemoval();
    after.ifPresent(d -> control.rescheduleAfter(Math.max(1, d.toMillis())));
    return control;
  }
}
