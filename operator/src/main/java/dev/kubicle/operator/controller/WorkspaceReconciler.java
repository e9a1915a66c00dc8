package dev.kubicle.operator.controller;

import dev.kubicle.api.v1alpha1.BuildRecord;
import dev.kubicle.api.v1alpha1.BuildTransition;
import dev.kubicle.api.v1alpha1.TemplateParameter;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspaceStatus;
import dev.kubicle.api.validation.ParameterValidator;
import dev.kubicle.api.validation.Problem;
import dev.kubicle.api.validation.ValidationResult;
import dev.kubicle.api.validation.WorkspaceScheduleValidator;
import dev.kubicle.operator.controller.WorkspaceStatusDeriver.Resolved;
import dev.kubicle.operator.kube.EventReason;
import dev.kubicle.operator.kube.EventRecorder;
import dev.kubicle.operator.kube.UnreadableResources;
import dev.kubicle.operator.lifecycle.LifecycleStep;
import dev.kubicle.operator.provision.Provisioners;
import dev.kubicle.operator.template.TemplateSnapshot;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.MDC;

/**
 * Reconciles a Workspace: resolve the template version, validate the parameters and schedule, decide the
 * transition, and delegate the build. The delete path behind the finalizer is {@link WorkspaceDeletion}.
 */
// Not generation-aware: annotations (orphan-on-delete, initiator) matter too, and a no-op reconcile is free.
@ControllerConfiguration(name = "workspace", generationAwareEventProcessing = false)
public class WorkspaceReconciler implements Reconciler<Workspace>, Cleaner<Workspace> {
  public static final int BUILD_HISTORY = 10;

  private final WorkspaceBuildSteps steps;
  private final WorkspaceDeletion deletion;
  private final WorkspaceSources sources;
  private final EventRecorder events;
  private final OverlayAddressStep addresses;
  private final UnreadableResources unreadable;
  private final AtomicLong reconciles = new AtomicLong();
  private final BuildRunner builds;

  public WorkspaceReconciler(Provisioners provisioners, BuildRunner builds, WorkspaceStatusWriter writer,
      WorkspaceSources sources, EventRecorder events, Clock clock, LifecycleStep lifecycle,
      LifecycleActions lifecycleActions, OverlayAddressStep addresses, UnreadableResources unreadable) {
    this.unreadable = unreadable;
    this.builds = builds;
    this.steps = new WorkspaceBuildSteps(builds, writer, sources, clock, lifecycle, lifecycleActions);
    this.deletion = new WorkspaceDeletion(steps, sources, provisioners, lifecycle, events, addresses);
    this.addresses = addresses;
    this.sources = sources;
    this.events = events;
  }

  /** Reconciles run so far (benchmarks report the rate). */
  public long reconciles() {
    return reconciles.get();
  }

  @Override
  public List<EventSource<?, Workspace>> prepareEventSources(EventSourceContext<Workspace> context) {
    return sources.prepare(context);
  }

  @Override
  public UpdateControl<Workspace> reconcile(Workspace ws, Context<Workspace> context) {
    reconciles.incrementAndGet();
    MDC.put("resource", ws.getMetadata().getNamespace() + "/" + ws.getMetadata().getName());
    try {
      if (unreadable.reportIfUnreadable(ws)) {
        return UpdateControl.noUpdate(); // reported on the object; its next edit is a new event
      }
      WorkspaceStatus status = WorkspaceBuildSteps.copyStatus(ws);
      builds.migrateLegacyToken(ws, status);
      addresses.assign(ws, status);
      if (WorkspaceBuildSteps.inFlight(status)) {
        return reschedule(steps.follow(ws, status, context));
      }
      Optional<Duration> stopping = stopWithAppliedVersion(ws, status, context);
      if (stopping != null) {
        return reschedule(stopping);
      }
      TemplateResolver.Resolution resolution = sources.resolver().resolveForNewBuild(ws);
      status.setOutdated(WorkspaceBuildSteps.outdated(status, resolution.latestVersion()));
      if (!resolution.resolved()) {
        events.record(ws, resolution.failure(), resolution.message());
        return reschedule(steps.settle(ws, status, context,
            new Resolved(false, resolution.failure().name(), resolution.message())));
      }
      TemplateSnapshot snapshot = resolution.snapshot().get();
      boolean everStarted = status.getTemplateVersion() != null;
      ValidationResult validation = ParameterValidator.validate(snapshot.parameters(), ws.getSpec().getParameters(),
          everStarted ? status.getParameters() : null);
      if (!validation.isValid()) {
        String message = "Invalid parameters for template \"" + snapshot.templateName() + "\" version "
            + snapshot.version() + ": " + validation.summary();
        events.record(ws, EventReason.InvalidParameters, message);
        return reschedule(steps.settle(ws, status, context,
            new Resolved(false, EventReason.InvalidParameters.name(), message)));
      }
      List<Problem> schedule = WorkspaceScheduleValidator.validate(ws.getSpec(),
          sources.templateLifecycle(ws).orElse(null), snapshot.templateName(), true, true);
      if (!schedule.isEmpty()) {
        String message = ValidationResult.of(schedule).summary();
        events.record(ws, EventReason.InvalidSchedule, message);
        return reschedule(steps.settle(ws, status, context,
            new Resolved(false, EventReason.InvalidSchedule.name(), message)));
      }
      Map<String, String> values = WorkspaceBuildSteps.effective(snapshot.parameters(), ws);
      Resolved resolved = new Resolved(true, "Resolved", "Template \"" + snapshot.templateName()
          + "\" version " + snapshot.version());
      Optional<BuildTransition> next = BuildPlanner.next(ws, persistent(snapshot.parameters(), values),
          snapshot.version());
      if (next.isEmpty()) {
        return reschedule(steps.settle(ws, status, context, resolved));
      }
      // A stop got here only when the version that started the workspace is gone (see stopWithAppliedVersion).
      return reschedule(steps.start(ws, status, context, next.get(), snapshot, values, resolved,
          resolution.latestVersion()));
    } finally {
      MDC.remove("resource");
    }
  }

  /**
   * A stop needs neither the live template nor valid new input: it re-applies the version that started the
   * workspace with the values it started with. So a deleted template, a broken edit or an invalid schedule never
   * keeps a workspace (and its cost) running. Returns null when there is no such stop to make.
   */
  private Optional<Duration> stopWithAppliedVersion(Workspace ws, WorkspaceStatus status,
      Context<Workspace> context) {
    BuildRecord last = status.getCurrentBuild();
    if (ws.getSpec().wantsRunning() || last == null
        || BuildPlanner.next(ws, status.getParameters(), status.getTemplateVersion())
            .filter(t -> t == BuildTransition.STOP).isEmpty()) {
      return null;
    }
    String version = status.getTemplateVersion() != null ? status.getTemplateVersion() : last.getTemplateVersion();
    TemplateResolver.Resolution applied = sources.resolver().resolveVersion(ws, version);
    if (!applied.resolved()) {
      return null; // the normal path reports why nothing can be built
    }
    TemplateSnapshot snapshot = applied.snapshot().get();
    Map<String, String> values = status.getParameters().isEmpty()
        ? snapshotDefaults(snapshot) : status.getParameters();
    return steps.start(ws, status, context, BuildTransition.STOP, snapshot, values, null, applied.latestVersion());
  }

  private static Map<String, String> snapshotDefaults(TemplateSnapshot snapshot) {
    Map<String, String> values = new LinkedHashMap<>();
    snapshot.parameters().stream().filter(p -> p.getDefaultValue() != null)
        .forEach(p -> values.put(p.getName(), p.getDefaultValue()));
    return values;
  }

  @Override
  public DeleteControl cleanup(Workspace ws, Context<Workspace> context) {
    MDC.put("resource", ws.getMetadata().getNamespace() + "/" + ws.getMetadata().getName());
    try {
      if (unreadable.reportIfUnreadableOnDelete(ws, context.getControllerConfiguration().getFinalizerName())) {
        return DeleteControl.noFinalizerRemoval();
      }
      return deletion.delete(ws, context);
    } finally {
      MDC.remove("resource");
    }
  }

  private static Map<String, String> persistent(List<TemplateParameter> parameters, Map<String, String> values) {
    Map<String, String> kept = new LinkedHashMap<>(values);
    parameters.stream().filter(TemplateParameter::isEphemeral).forEach(p -> kept.remove(p.getName()));
    return kept;
  }

  private static UpdateControl<Workspace> reschedule(Optional<Duration> after) {
    UpdateControl<Workspace> control = UpdateControl.noUpdate();
    after.ifPresent(d -> control.rescheduleAfter(Math.max(1, d.toMillis())));
    return control;
  }
}
