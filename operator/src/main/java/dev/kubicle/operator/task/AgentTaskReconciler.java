package dev.kubicle.operator.task;

import dev.kubicle.api.v1alpha1.AgentTask;
import dev.kubicle.api.v1alpha1.AgentTaskStatus;
import dev.kubicle.api.v1alpha1.TaskPhase;
import dev.kubicle.api.v1alpha1.TaskStopReason;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.validation.AgentTaskValidator;
import dev.kubicle.api.validation.ValidationResult;
import dev.kubicle.operator.kube.EventReason;
import dev.kubicle.operator.kube.EventRecorder;
import dev.kubicle.operator.kube.UnreadableResources;
import dev.kubicle.operator.store.StoreException;
import dev.kubicle.operator.task.llm.ConversationMessage;
import dev.kubicle.operator.task.model.ModelConfigException;
import dev.kubicle.operator.task.model.ModelSettings;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Reconciles an AgentTask: validate, find the workspace (start it if stopped), wait for its agent, then hand the
 * task to a loop in {@link TaskRunner}. While the loop runs, the reconciler only relays a cancel and keeps the
 * workspace counted as active. A task found Running with no loop here was interrupted by an operator restart: it
 * resumes from its recorded conversation, or fails saying so.
 */
@ControllerConfiguration(name = "agenttask")
public class AgentTaskReconciler implements Reconciler<AgentTask> {
  static final Duration KEEPALIVE = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(AgentTaskReconciler.class);
  static final Duration WAIT_POLL = Duration.ofSeconds(1);

  private final TaskRunner runner;
  private final TaskStatusWriter status;
  private final EventRecorder events;
  private final TaskRecorder recorder;
  private final TaskStarter starter;
  private final WorkspaceGate gate;
  private final Clock clock;
  private final UnreadableResources unreadable;
  private final Duration maxDuration;
  private final TaskCounters counters;

  /** @param maxDuration the cluster-wide cap on a task's wall time (KUBICLE_TASK_MAX_DURATION) */
  AgentTaskReconciler(TaskRunner runner, TaskStatusWriter status, EventRecorder events, TaskRecorder recorder,
      TaskStarter starter, WorkspaceGate gate, Clock clock, UnreadableResources unreadable, Duration maxDuration,
      TaskCounters counters) {
    this.unreadable = unreadable;
    this.maxDuration = maxDuration;
    this.counters = counters;
    this.runner = runner;
    this.status = status;
    this.events = events;
    this.recorder = recorder;
    this.starter = starter;
    this.gate = gate;
    this.clock = clock;
  }

  @Override
  public UpdateControl<AgentTask> reconcile(AgentTask task, Context<AgentTask> context) {
    MDC.put("resource", task.getMetadata().getNamespace() + "/" + task.getMetadata().getName());
    try {
      return reconcile(task);
    } finally {
      MDC.remove("resource");
    }
  }

  private UpdateControl<AgentTask> reconcile(AgentTask task) {
    if (unreadable.reportIfUnreadable(task)) {
      return UpdateControl.noUpdate(); // a loop already running keeps its own copy and limits
    }
    unreadable.clearIfReported(task); // its status has no derived conditions that would replace the report
    AgentTaskStatus current = task.getStatus() == null ? new AgentTaskStatus() : task.getStatus();
    TaskPhase phase = current.getPhase();
    if (phase == TaskPhase.Succeeded || phase == TaskPhase.Failed || phase == TaskPhase.Cancelled) {
      return UpdateControl.noUpdate();
    }
    String uid = task.getMetadata().getUid();
    if (runner.ended(uid)) {
      return UpdateControl.noUpdate(); // its final status is written; the cache has not caught up yet
    }
    boolean cancel = Boolean.TRUE.equals(task.getSpec().getCancel());
    if (runner.running(uid)) {
      if (cancel) {
        runner.stop(uid, TaskStopReason.CANCELLED, "Cancelled (spec.cancel)");
      } else {
        runner.recheckWorkspace(uid); // its watch events stop it at once; this catches any event missed
        gate.keepAlive(task);
      }
      return after(KEEPALIVE);
    }
    ValidationResult validation = AgentTaskValidator.validate(task.getSpec());
    if (!validation.isValid()) {
      return end(task, TaskPhase.Failed, TaskStopReason.ERROR, "Invalid spec: " + validation.summary());
    }
    if (cancel) {
      return end(task, TaskPhase.Cancelled, TaskStopReason.CANCELLED, "Cancelled before it started");
    }
    EffectiveLimits limits = EffectiveLimits.of(task.getSpec().getLimits(), maxDuration);
    Instant startedAt = current.getStartedAt() == null ? clock.instant() : Instant.parse(current.getStartedAt());
    if (!clock.instant().isBefore(startedAt.plus(limits.timeout()))) {
      return end(task, TaskPhase.Failed, TaskStopReason.TIMEOUT, limits.timeoutMessage()
          + " before the loop started");
    }
    WorkspaceGate.Verdict verdict = gate.check(task);
    if (verdict.failure() != null) {
      return end(task, TaskPhase.Failed, verdict.reason(), verdict.failure());
    }
    Workspace ws = verdict.workspace();
    if (ws == null) {
      status.update(task.getMetadata().getNamespace(), task.getMetadata().getName(), s -> {
        s.setPhase(TaskPhase.Pending);
        s.setStartedAt(startedAt.toString());
        s.setMessage(verdict.waitingFor());
      });
      return after(WAIT_POLL.multipliedBy(5));
    }
    String owner = task.getSpec().getOwner() != null ? task.getSpec().getOwner() : ws.getSpec().getOwner();
    TaskIdentity id = TaskIdentity.of(task, owner);
    // The gate saw the recorded UID (if any) on this very workspace, so binding to the one read now is the same.
    WorkspaceBinding binding = WorkspaceBinding.of(ws);
    ModelSettings model;
    String key;
    try {
      model = starter.model(task);
      key = starter.key(model);
    } catch (ModelConfigException e) {
      return end(task, TaskPhase.Failed, TaskStopReason.ERROR, "Model configuration: " + e.getMessage());
    }
    if (phase == TaskPhase.Running) {
      Optional<List<ConversationMessage>> recorded;
      try {
        recorded = recorder.conversation(id);
      } catch (StoreException e) {
        // The transcript may well be there: the store cannot say now. The task stays Running and is resumed later.
        LOG.warn("task {}: cannot read its transcript to resume it ({}); trying again in {} s", id, e.getMessage(),
            KEEPALIVE.toSeconds());
        return after(KEEPALIVE);
      }
      if (recorded.isEmpty() || recorded.get().isEmpty()) {
        return end(task, TaskPhase.Failed, TaskStopReason.ERROR, "The operator restarted while this task ran and "
            + "no complete conversation was recorded to resume it from; no tool call was repeated. Create the task "
            + "again.");
      }
      if (current.getWorkspaceUid() == null) { // Running under an operator that did not record it yet
        status.update(task.getMetadata().getNamespace(), task.getMetadata().getName(),
            s -> s.setWorkspaceUid(binding.uid()));
      }
      runner.start(task, id, binding, model, key, limits,
          ToolDefinitions.offered(task.getSpec().getAllowedTools()), startedAt, recorded);
      return after(KEEPALIVE);
    }
    if (!verdict.ready()) {
      boolean changed = phase != TaskPhase.StartingWorkspace;
      status.update(task.getMetadata().getNamespace(), task.getMetadata().getName(), s -> {
        s.setPhase(TaskPhase.StartingWorkspace);
        s.setStartedAt(startedAt.toString());
        s.setWorkspaceUid(binding.uid());
        s.setMessage(verdict.waitingFor());
      });
      if (changed) {
        events.record(task, EventReason.TaskStartingWorkspace, verdict.waitingFor());
      }
      return after(WAIT_POLL);
    }
    if (current.getStartedAt() == null || current.getWorkspaceUid() == null) {
      // Recorded before the loop acts: after a restart the task resumes bound to this workspace and no other.
      status.update(task.getMetadata().getNamespace(), task.getMetadata().getName(), s -> {
        s.setStartedAt(startedAt.toString());
        s.setWorkspaceUid(binding.uid());
      });
    }
    runner.start(task, id, binding, model, key, limits, ToolDefinitions.offered(task.getSpec().getAllowedTools()),
        startedAt, Optional.empty());
    return after(KEEPALIVE);
  }

  private UpdateControl<AgentTask> end(AgentTask task, TaskPhase phase, TaskStopReason reason, String message) {
    status.update(task.getMetadata().getNamespace(), task.getMetadata().getName(), s -> {
      s.setPhase(phase);
      s.setStopReason(reason);
      s.setMessage(message);
      s.setFinishedAt(clock.instant().toString());
      if (s.getStartedAt() == null) {
        s.setStartedAt(clock.instant().toString());
      }
    });
    counters.ended(reason);
    events.record(task, phase == TaskPhase.Cancelled ? EventReason.TaskCancelled : EventReason.TaskFailed, message);
    return UpdateControl.noUpdate();
  }

  private static UpdateControl<AgentTask> after(Duration delay) {
    UpdateControl<AgentTask> control = UpdateControl.noUpdate();
    control.rescheduleAfter(delay.toMillis());
    return control;
  }
}
