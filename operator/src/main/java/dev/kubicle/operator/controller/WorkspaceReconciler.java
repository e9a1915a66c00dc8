package dev.kubicle.operator.controller;

import dev.kubicle.api.v1alpha1.BuildPhase;
import dev.kubicle.api.v1alpha1.BuildRecord;
import dev.kubicle.api.v1alpha1.BuildTransition;
import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateParameter;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspaceStatus;
import dev.kubicle.api.validation.ParameterValidator;
import dev.kubicle.api.validation.ValidationResult;
import dev.kubicle.api.validation.WorkspaceScheduleValidator;
import dev.kubicle.operator.controller.WorkspaceStatusDeriver.Resolved;
import dev.kubicle.operator.kube.EventReason;
import dev.kubicle.operator.kube.EventRecorder;
import dev.kubicle.operator.kube.Json;
import dev.kubicle.operator.kube.Labels;
import dev.kubicle.operator.lifecycle.LifecycleDecision;
import dev.kubicle.operator.lifecycle.LifecycleStep;
import dev.kubicle.operator.provision.BuildRequest;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Reconciles a Workspace: resolve the template version, validate the parameters, decide the transition, and
 * delegate the build. On delete, a destroy build runs behind the finalizer before the Workspace may go.
 */
// Not generation-aware: annotations (orphan-on-delete, initiator) matter too, and a no-op reconcile is free.
@ControllerConfiguration(name = "workspace", generationAwareEventProcessing = false)
public class WorkspaceReconciler implements Reconciler<Workspace>, Cleaner<Workspace> {
  public static final int BUILD_HISTORY = 10;
  private static final Logger LOG = LoggerFactory.getLogger(WorkspaceReconciler.class);

  private final Provisioners provisioners;
  private final BuildRunner builds;
  private final WorkspaceStatusWriter writer;
  private final WorkspaceSources sources;
  private final EventRecorder events;
  private final Clock clock;
  private final java.util.concurrent.atomic.AtomicLong reconciles = new java.util.concurrent.atomic.AtomicLong();

  private final LifecycleStep lifecycle;
  private final LifecycleActions lifecycleActions;

  public WorkspaceReconciler(Provisioners provisioners, BuildRunner builds, WorkspaceStatusWriter writer,
      WorkspaceSources sources, EventRecorder events, Clock clock, LifecycleStep lifecycle,
      LifecycleActions lifecycleActions) {
    this.lifecycle = lifecycle;
    this.lifecycleActions = lifecycleActions;
    this.provisioners = provisioners;
    this.builds = builds;
    this.writer = writer;
    this.sources = sources;
    this.events = events;
    this.clock = clock;
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
      WorkspaceStatus status = copyStatus(ws);
      if (inFlight(status)) {
        return reschedule(follow(ws, status, context, null, null));
      }
      Optional<Duration> stopping = stopWithAppliedVersion(ws, status, context);
      if (stopping != null) {
        return reschedule(stopping);
      }
      TemplateResolver.Resolution resolution = sources.resolver().resolveForNewBuild(ws);
      status.setOutdated(outdated(status, resolution.latestVersion()));
      if (!resolution.resolved()) {
        events.record(ws, resolution.failure(), resolution.message());
        return settle(ws, status, context, new Resolved(false, resolution.failure().name(), resolution.message()));
      }
      TemplateSnapshot snapshot = resolution.snapshot().get();
      boolean everStarted = status.getTemplateVersion() != null;
      ValidationResult validation = ParameterValidator.validate(snapshot.parameters(), ws.getSpec().getParameters(),
          everStarted ? status.getParameters() : null);
      if (!validation.isValid()) {
        String message = "Invalid parameters for template \"" + snapshot.templateName() + "\" version "
            + snapshot.version() + ": " + validation.summary();
        events.record(ws, EventReason.InvalidParameters, message);
        return settle(ws, status, context, new Resolved(false, EventReason.InvalidParameters.name(), message));
      }
      List<dev.kubicle.api.validation.Problem> schedule = WorkspaceScheduleValidator.validate(ws.getSpec(),
          sources.templateLifecycle(ws).orElse(null), snapshot.templateName(), true, true);
      if (!schedule.isEmpty()) {
        String message = ValidationResult.of(schedule).summary();
        events.record(ws, EventReason.InvalidSchedule, message);
        return settle(ws, status, context, new Resolved(false, EventReason.InvalidSchedule.name(), message));
      }
      Map<String, String> values = effective(snapshot.parameters(), ws);
      Resolved resolved = new Resolved(true, "Resolved", "Template \"" + snapshot.templateName()
          + "\" version " + snapshot.version());
      Optional<BuildTransition> next = BuildPlanner.next(ws, persistent(snapshot.parameters(), values),
          snapshot.version());
      if (next.isEmpty()) {
        return settle(ws, status, context, resolved);
      }
      // A stop uses the code that started the workspace, not whatever the template says today.
      TemplateSnapshot buildFrom = next.get() == BuildTransition.START ? snapshot
          : appliedSnapshot(ws, status, context).orElse(snapshot);
      return reschedule(startBuild(ws, status, context, next.get(), buildFrom, values, resolved,
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
    return startBuild(ws, status, context, BuildTransition.STOP, snapshot, values, null, applied.latestVersion());
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
      WorkspaceStatus status = copyStatus(ws);
      if ("true".equals(annotations(ws).get(Labels.ORPHAN_ON_DELETE))) {
        events.record(ws, EventReason.Orphaned, "Deleted without destroy (" + Labels.ORPHAN_ON_DELETE
            + "): resources Terraform created may remain; their state stays in Secret tfstate-default-"
            + ws.getMetadata().getUid());
        return gone(ws, true);
      }
      if (inFlight(status)) {
        return rescheduleDelete(follow(ws, status, context, null, null));
      }
      BuildRecord current = status.getCurrentBuild();
      if (current != null && current.getTransition() == BuildTransition.DELETE) {
        if (current.getPhase() == BuildPhase.Succeeded) {
          return gone(ws, false);
        }
        if (Optional.ofNullable(ws.getMetadata().getGeneration()).orElse(0L) <= current.getGeneration()) {
          current.setMessage(destroyFailedHint(current.getMessage()));
          settle(ws, status, context, null);
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
        settle(ws, status, context, new Resolved(false, resolution.failure().name(), message));
        return DeleteControl.noFinalizerRemoval();
      }
      Map<String, String> values = status.getParameters().isEmpty()
          ? effective(resolution.snapshot().get().parameters(), ws) : status.getParameters();
      return rescheduleDelete(startBuild(ws, status, context, BuildTransition.DELETE, resolution.snapshot().get(),
          values, null, resolution.latestVersion()));
    } finally {
      MDC.remove("resource");
    }
  }

  private Optional<Duration> startBuild(Workspace ws, WorkspaceStatus status, Context<Workspace> context,
      BuildTransition transition, TemplateSnapshot snapshot, Map<String, String> values, Resolved resolved,
      String latestVersion) {
    BuildRecord build = builds.record(ws, status, transition, snapshot);
    Workspace recorded = finish(ws, status, context, resolved).workspace();
    if (build.getPhase().isFinished()) {
      return Optional.empty();
    }
    WorkspaceStatus next = copyStatus(recorded);
    BuildRequest request = new BuildRequest(recorded, next.getCurrentBuild(), snapshot, values);
    builds.submit(request);
    return follow(recorded, next, context, request, latestVersion);
  }

  /** Follows the in-flight build; `request` is null when it must be rebuilt from status (a later reconcile). */
  private Optional<Duration> follow(Workspace ws, WorkspaceStatus status, Context<Workspace> context,
      BuildRequest request, String latestVersion) {
    BuildRecord build = status.getCurrentBuild();
    String latest = latestVersion;
    if (request == null) {
      TemplateResolver.Resolution resolution = sources.resolver().resolveVersion(ws,
          build.getTemplateVersion());
      if (!resolution.resolved()) {
        build.setPhase(BuildPhase.Failed);
        build.setFinishedAt(clock.instant().toString());
        build.setMessage(resolution.message());
        return finish(ws, status, context, null).recheck();
      }
      TemplateSnapshot snapshot = resolution.snapshot().get();
      latest = resolution.latestVersion();
      Map<String, String> values = build.getTransition() == BuildTransition.START || status.getParameters().isEmpty()
          ? effective(snapshot.parameters(), ws) : status.getParameters();
      request = new BuildRequest(ws, build, snapshot, values);
    }
    Optional<Duration> pollAfter = builds.follow(ws, status, request);
    // Decided here too, so a finished start is written once, not again by the next reconcile.
    status.setOutdated(outdated(status, latest));
    Optional<Duration> recheck = finish(ws, status, context, null).recheck();
    return build.getPhase().isFinished() ? recheck : earliest(pollAfter, recheck);
  }

  private UpdateControl<Workspace> settle(Workspace ws, WorkspaceStatus status, Context<Workspace> context,
      Resolved resolved) {
    return reschedule(finish(ws, status, context, resolved).recheck());
  }

  /** The workspace as written, and when to look again for a pending deadline. */
  private record Written(Workspace workspace, Optional<Duration> recheck) {}

  /** Derives the summary of status (with the agent's view) and writes it if anything changed. */
  private Written finish(Workspace ws, WorkspaceStatus status, Context<Workspace> context, Resolved resolved) {
    java.time.Instant now = clock.instant();
    LifecycleDecision.Action action = ws.getMetadata().getDeletionTimestamp() != null ? LifecycleDecision.Action.NONE
        : lifecycle.apply(ws, status, sources.templateLifecycle(ws).orElse(null), now);
    Optional<java.time.Instant> recheckAt = WorkspaceStatusDeriver.derive(ws, status, resolved,
        sources.agentView(ws, status), now);
    Workspace written = writer.write(ws, status, context);
    // After the status write, so the schedule that led to the action is on record when the change arrives.
    lifecycleActions.perform(action, written);
    return new Written(written, recheckAt.map(at -> Duration.between(now, at)));
  }

  private static Optional<Duration> earliest(Optional<Duration> a, Optional<Duration> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return a.get().compareTo(b.get()) <= 0 ? a : b;
  }

  private Optional<TemplateSnapshot> appliedSnapshot(Workspace ws, WorkspaceStatus status,
      Context<Workspace> context) {
    if (status.getTemplateVersion() == null) {
      return Optional.empty();
    }
    return sources.resolver().resolveVersion(ws, status.getTemplateVersion()).snapshot();
  }

  private DeleteControl gone(Workspace ws, boolean keepState) {
    provisioners.cleanupAll(ws, keepState);
    lifecycle.forget(io.javaoperatorsdk.operator.processing.event.ResourceID.fromResource(ws));
    sources.forgetAgent(ws);
    events.forget(ws);
    LOG.info("workspace deleted");
    return DeleteControl.defaultDelete();
  }

  /** Something may exist to destroy once any build succeeded or ran as a Job; a build that never ran left nothing. */
  static boolean mayHaveResources(WorkspaceStatus status) {
    BuildRecord current = status.getCurrentBuild();
    if (current == null) {
      return false;
    }
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(current), status.getBuilds().stream())
        .anyMatch(b -> b.getPhase() == BuildPhase.Succeeded || b.getJob() != null);
  }

  private static String destroyFailedHint(String message) {
    String hint = "Fix the cause and edit the Workspace to retry, or annotate " + Labels.ORPHAN_ON_DELETE
        + "=true to delete it without destroying";
    return message != null && message.contains(hint) ? message : (message == null ? "" : message + "\n") + hint;
  }

  private static boolean inFlight(WorkspaceStatus status) {
    return status.getCurrentBuild() != null && !status.getCurrentBuild().getPhase().isFinished();
  }

  private static Boolean outdated(WorkspaceStatus status, String latest) {
    if (status.getTemplateVersion() == null || latest == null) {
      return status.getOutdated();
    }
    return !latest.equals(status.getTemplateVersion());
  }

  /** Values Terraform receives: given ones, defaults for the rest (ephemeral ones too: every variable needs one). */
  private static Map<String, String> effective(List<TemplateParameter> parameters, Workspace ws) {
    Map<String, String> values = new LinkedHashMap<>(
        ParameterValidator.effectiveValues(parameters, ws.getSpec().getParameters()));
    parameters.stream().filter(p -> p.isEphemeral() && p.getDefaultValue() != null)
        .forEach(p -> values.putIfAbsent(p.getName(), p.getDefaultValue()));
    return values;
  }

  private static Map<String, String> persistent(List<TemplateParameter> parameters, Map<String, String> values) {
    Map<String, String> kept = new LinkedHashMap<>(values);
    parameters.stream().filter(TemplateParameter::isEphemeral).forEach(p -> kept.remove(p.getName()));
    return kept;
  }

  private static WorkspaceStatus copyStatus(Workspace ws) {
    return ws.getStatus() == null ? new WorkspaceStatus() : Json.copy(ws.getStatus(), WorkspaceStatus.class);
  }

  private static Map<String, String> annotations(Workspace ws) {
    return ws.getMetadata().getAnnotations() == null ? Map.of() : ws.getMetadata().getAnnotations();
  }

  private static UpdateControl<Workspace> reschedule(Optional<Duration> after) {
    UpdateControl<Workspace> control = UpdateControl.noUpdate();
    after.ifPresent(d -> control.rescheduleAfter(Math.max(1, d.toMillis())));
    return control;
  }

  private static DeleteControl rescheduleDelete(Optional<Duration> after) {
    DeleteControl control = DeleteControl.noFinalizerRemoval();
    after.ifPresent(d -> control.rescheduleAfter(Math.max(1, d.toMillis())));
    return control;
  }
}
