package dev.kubicle.operator.controller;

import dev.kubicle.api.v1alpha1.BuildPhase;
import dev.kubicle.api.v1alpha1.BuildRecord;
import dev.kubicle.api.v1alpha1.BuildTransition;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.api.v1alpha1.WorkspaceStatus;
import dev.kubicle.operator.kube.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Derives the summary parts of Workspace status from its builds: phase, conditions in their fixed order
 * (TemplateResolved, Provisioned, AgentConnected, Ready; LogsCondition may add LogsStored after them) and the
 * message of the first failing one. Deriving the same state twice
 * gives byte-identical status, so a no-op reconcile writes nothing.
 */
public final class WorkspaceStatusDeriver {
  public static final String TEMPLATE_RESOLVED = "TemplateResolved";
  public static final String PROVISIONED = "Provisioned";
  public static final String AGENT_CONNECTED = "AgentConnected";
  public static final String READY = "Ready";
  /** Set (False) after Ready only while some log lines are not stored; see {@link LogsCondition}. */
  public static final String LOGS_STORED = "LogsStored";

  private WorkspaceStatusDeriver() {}

  /** How template resolution went in this reconcile; null keeps what status already says. */
  public record Resolved(boolean ok, String reason, String message) {}

  /**
   * Derives phase, conditions and message; returns when to derive again if a deadline is pending (the agent's
   * connection timeout).
   */
  public static Optional<Instant> derive(Workspace ws, WorkspaceStatus status, Resolved resolved, AgentView agent,
      Instant now) {
    Long generation = ws.getMetadata().getGeneration();
    List<Condition> previous = status.getConditions();
    Condition template = resolved != null
        ? Conditions.make(previous, TEMPLATE_RESOLVED, resolved.ok(), resolved.reason(), resolved.message(),
            generation, now)
        : Conditions.find(previous, TEMPLATE_RESOLVED).orElse(Conditions.make(previous, TEMPLATE_RESOLVED, false,
            "Pending", "Template not resolved yet", generation, now));
    WorkspacePhase phase = phase(ws, status, Conditions.TRUE.equals(template.getStatus()));
    Condition provisioned = provisioned(previous, status.getCurrentBuild(), generation, now);
    AgentCondition.Outcome outcome = AgentCondition.decide(phase, status, agent, now);
    Condition connected = Conditions.make(previous, AGENT_CONNECTED, outcome.ok(), outcome.reason(),
        outcome.message(), generation, now);
    Condition ready = Conditions.make(previous, READY, outcome.ready(), outcome.readyReason(),
        outcome.readyMessage() != null ? outcome.readyMessage()
            : outcome.ready() || !connected.getStatus().equals(Conditions.FALSE) || phase != WorkspacePhase.Running
                ? readyMessage(phase, status) : connected.getMessage(),
        generation, now);
    List<Condition> conditions = new ArrayList<>(List.of(template, provisioned, connected, ready));
    status.setConditions(conditions);
    status.setPhase(phase);
    status.setAgent(AgentCondition.status(status.getAgent(), agent));
    status.setMessage(conditions.stream()
        .filter(c -> !READY.equals(c.getType()) && Conditions.FALSE.equals(c.getStatus()))
        .filter(c -> !"NotBuilt".equals(c.getReason()) && !"NotRunning".equals(c.getReason()))
        .map(Condition::getMessage).findFirst().orElse(ready.getMessage()));
    status.setObservedGeneration(generation);
    return outcome.recheckAt();
  }

  static WorkspacePhase phase(Workspace ws, WorkspaceStatus status, boolean templateResolved) {
    if (ws.getMetadata().getDeletionTimestamp() != null) {
      BuildRecord build = status.getCurrentBuild();
      boolean destroyFailed = build != null && build.getTransition() == BuildTransition.DELETE
          && build.getPhase() == BuildPhase.Failed;
      return destroyFailed ? WorkspacePhase.Failed : WorkspacePhase.Deleting;
    }
    BuildRecord build = status.getCurrentBuild();
    if (build == null) {
      return templateResolved && !ws.getSpec().wantsRunning() ? WorkspacePhase.Stopped : WorkspacePhase.Pending;
    }
    if (!build.getPhase().isFinished()) {
      return switch (build.getTransition()) {
        case START -> WorkspacePhase.Starting;
        case STOP -> WorkspacePhase.Stopping;
        case DELETE -> WorkspacePhase.Deleting;
      };
    }
    if (build.getPhase() == BuildPhase.Failed) {
      return WorkspacePhase.Failed;
    }
    return switch (build.getTransition()) {
      case START -> WorkspacePhase.Running;
      case STOP -> WorkspacePhase.Stopped;
      case DELETE -> WorkspacePhase.Deleting;
    };
  }

  private static Condition provisioned(List<Condition> previous, BuildRecord build, Long generation, Instant now) {
    if (build == null) {
      return Conditions.make(previous, PROVISIONED, false, "NotBuilt", "No build has run yet", generation, now);
    }
    String name = "Build #" + build.getNumber() + " (" + build.getTransition().wireName() + ")";
    return switch (build.getPhase()) {
      case Pending, Running -> Conditions.make(previous, PROVISIONED, false, "Building", name + " is running",
          generation, now);
      case Failed -> Conditions.make(previous, PROVISIONED, false, "BuildFailed",
          name + " failed: " + Optional.ofNullable(build.getMessage()).orElse(""), generation, now);
      case Succeeded -> Conditions.make(previous, PROVISIONED, true, "Succeeded", name + " succeeded",
          generation, now);
    };
  }

  private static String readyMessage(WorkspacePhase phase, WorkspaceStatus status) {
    return switch (phase) {
      case Running -> "Running, built from template version " + status.getTemplateVersion();
      case Stopped -> "Stopped; volumes are kept. Set spec.running to true to start it";
      case Starting, Stopping, Deleting -> phase.name();
      case Failed -> "The last build failed";
      case Pending -> "Waiting for the first build";
    };
  }
}
