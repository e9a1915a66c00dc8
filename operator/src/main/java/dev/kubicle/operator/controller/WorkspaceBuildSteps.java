package dev.kubicle.operator.controller;

import dev.kubicle.api.v1alpha1.BuildPhase;
import dev.kubicle.api.v1alpha1.BuildRecord;
import dev.kubicle.api.v1alpha1.BuildTransition;
import dev.kubicle.api.v1alpha1.TemplateParameter;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspaceStatus;
import dev.kubicle.api.validation.ParameterValidator;
import dev.kubicle.operator.controller.WorkspaceStatusDeriver.Resolved;
import dev.kubicle.operator.kube.Json;
import dev.kubicle.operator.lifecycle.LifecycleDecision;
import dev.kubicle.operator.lifecycle.LifecycleStep;
import dev.kubicle.operator.provision.BuildRequest;
import dev.kubicle.operator.template.TemplateSnapshot;
import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The steps both the reconcile and the delete path take: start a build (record it, write, submit), follow the one
 * in flight, and finish a reconcile by deriving status, applying the lifecycle rules and writing once. Each step
 * returns when to look again, if something is pending.
 */
final class WorkspaceBuildSteps {
  private final BuildRunner builds;
  private final WorkspaceStatusWriter writer;
  private final WorkspaceSources sources;
  private final Clock clock;
  private final LifecycleStep lifecycle;
  private final LifecycleActions lifecycleActions;

  WorkspaceBuildSteps(BuildRunner builds, WorkspaceStatusWriter writer, WorkspaceSources sources, Clock clock,
      LifecycleStep lifecycle, LifecycleActions lifecycleActions) {
    this.builds = builds;
    this.writer = writer;
    this.sources = sources;
    this.clock = clock;
    this.lifecycle = lifecycle;
    this.lifecycleActions = lifecycleActions;
  }

  /** The workspace is gone for good: drops what the builds kept outside the cluster (full logs). */
  void gone(Workspace ws) {
    builds.forgetLogs(ws);
  }

  /** Records the build in status (written) before its provisioner acts, then follows it. */
  Optional<Duration> start(Workspace ws, WorkspaceStatus status, Context<Workspace> context,
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

  /** Follows the build in flight, rebuilding its request from status (a later reconcile). */
  Optional<Duration> follow(Workspace ws, WorkspaceStatus status, Context<Workspace> context) {
    BuildRecord build = status.getCurrentBuild();
    TemplateResolver.Resolution resolution = sources.resolver().resolveVersion(ws, build.getTemplateVersion());
    if (!resolution.resolved()) {
      build.setPhase(BuildPhase.Failed);
      build.setFinishedAt(clock.instant().toString());
      build.setMessage(resolution.message());
      return finish(ws, status, context, null).recheck();
    }
    TemplateSnapshot snapshot = resolution.snapshot().get();
    Map<String, String> values = build.getTransition() == BuildTransition.START || status.getParameters().isEmpty()
        ? effective(snapshot.parameters(), ws) : status.getParameters();
    return follow(ws, status, context, new BuildRequest(ws, build, snapshot, values), resolution.latestVersion());
  }

  private Optional<Duration> follow(Workspace ws, WorkspaceStatus status, Context<Workspace> context,
      BuildRequest request, String latestVersion) {
    BuildRecord build = status.getCurrentBuild();
    Optional<Duration> pollAfter = builds.follow(ws, status, request);
    // Decided here too, so a finished start is written once, not again by the next reconcile.
    status.setOutdated(outdated(status, latestVersion));
    Optional<Duration> recheck = finish(ws, status, context, null).recheck();
    return build.getPhase().isFinished() ? recheck : earliest(pollAfter, recheck);
  }

  /** Ends a reconcile that starts no build: derive, write if changed, and say when to look again. */
  Optional<Duration> settle(Workspace ws, WorkspaceStatus status, Context<Workspace> context, Resolved resolved) {
    return finish(ws, status, context, resolved).recheck();
  }

  /** The workspace as written, and when to look again for a pending deadline. */
  private record Written(Workspace workspace, Optional<Duration> recheck) {}

  /** Derives the summary of status (with the agent's view and the schedule) and writes it if anything changed. */
  private Written finish(Workspace ws, WorkspaceStatus status, Context<Workspace> context, Resolved resolved) {
    Instant now = clock.instant();
    LifecycleDecision.Action action = ws.getMetadata().getDeletionTimestamp() != null ? LifecycleDecision.Action.NONE
        : lifecycle.apply(ws, status, sources.templateLifecycle(ws).orElse(null), now);
    List<Condition> before = status.getConditions() == null ? List.of() : List.copyOf(status.getConditions());
    Optional<Instant> recheckAt = WorkspaceStatusDeriver.derive(ws, status, resolved, sources.agentView(ws, status),
        now);
    Optional<Duration> logsRecheck = LogsCondition.apply(status, before, builds.logTrouble(ws, status),
        ws.getMetadata().getGeneration(), now);
    Workspace written = writer.write(ws, status, context);
    // After the status write, so the schedule that led to the action is on record when the change arrives.
    lifecycleActions.perform(action, written);
    return new Written(written, earliest(recheckAt.map(at -> Duration.between(now, at)), logsRecheck));
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

  static Boolean outdated(WorkspaceStatus status, String latest) {
    if (status.getTemplateVersion() == null || latest == null) {
      return status.getOutdated();
    }
    return !latest.equals(status.getTemplateVersion());
  }

  /** Values Terraform receives: given ones, defaults for the rest (ephemeral ones too: every variable needs one). */
  static Map<String, String> effective(List<TemplateParameter> parameters, Workspace ws) {
    Map<String, String> values = new LinkedHashMap<>(
        ParameterValidator.effectiveValues(parameters, ws.getSpec().getParameters()));
    parameters.stream().filter(p -> p.isEphemeral() && p.getDefaultValue() != null)
        .forEach(p -> values.putIfAbsent(p.getName(), p.getDefaultValue()));
    return values;
  }

  static boolean inFlight(WorkspaceStatus status) {
    return status.getCurrentBuild() != null && !status.getCurrentBuild().getPhase().isFinished();
  }

  static WorkspaceStatus copyStatus(Workspace ws) {
    return ws.getStatus() == null ? new WorkspaceStatus() : Json.copy(ws.getStatus(), WorkspaceStatus.class);
  }
}
