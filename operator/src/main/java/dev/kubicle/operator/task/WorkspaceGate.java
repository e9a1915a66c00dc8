package dev.kubicle.operator.task;

import dev.kubicle.api.v1alpha1.AgentTask;
import dev.kubicle.api.v1alpha1.TaskStopReason;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.operator.agentapi.AgentRegistry;
import dev.kubicle.operator.agentapi.AgentState;
import dev.kubicle.operator.kube.Conditions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a task's workspace can take tool calls: it exists, is the very workspace the task was admitted
 * against (status.workspaceUid, once recorded), belongs to the task's owner, runs an agent that is connected and
 * ready. A stopped workspace is started (spec.running), as a user opening it would.
 */
class WorkspaceGate {
  private static final Logger LOG = LoggerFactory.getLogger(WorkspaceGate.class);

  private final KubernetesClient client;
  private final AgentRegistry agents;
  private final Consumer<ResourceID> activity;

  /**
   * @param workspace null when it does not exist (yet)
   * @param waitingFor what the task waits for, when not ready
   * @param failure why the task cannot run at all, or null
   * @param reason the stop reason that goes with {@code failure}
   */
  record Verdict(Workspace workspace, boolean ready, String waitingFor, String failure, TaskStopReason reason) {
    Verdict(Workspace workspace, boolean ready, String waitingFor, String failure) {
      this(workspace, ready, waitingFor, failure, failure == null ? null : TaskStopReason.ERROR);
    }

    static Verdict fail(String failure) {
      return new Verdict(null, false, null, failure);
    }

    static Verdict lost(WorkspaceBinding.Loss loss) {
      return new Verdict(null, false, null, loss.message(), loss.reason());
    }
  }

  WorkspaceGate(KubernetesClient client, AgentRegistry agents, Consumer<ResourceID> activity) {
    this.client = client;
    this.agents = agents;
    this.activity = activity;
  }

  Verdict check(AgentTask task) {
    String namespace = task.getMetadata().getNamespace();
    String name = task.getSpec().getWorkspace();
    if (!dev.kubicle.operator.kube.Names.isObjectName(name)) {
      return Verdict.fail("spec.workspace: \"" + dev.kubicle.api.serialization.ReadProblems.safe(String.valueOf(name),
          80) + "\" is not a Workspace name (lower case letters, digits, '-' and '.')");
    }
    Workspace ws = client.resources(Workspace.class).inNamespace(namespace).withName(name).get();
    String admitted = task.getStatus() == null ? null : task.getStatus().getWorkspaceUid();
    if (admitted != null) {
      // Admitted against one workspace: a missing, deleting or re-created one of the same name ends the task.
      var loss = new WorkspaceBinding(namespace, name, admitted, null).judge(Optional.ofNullable(ws));
      if (loss.isPresent()) {
        return Verdict.lost(loss.get());
      }
    }
    if (ws == null) {
      return new Verdict(null, false, "Waiting for workspace " + name + ": it does not exist", null);
    }
    var unreadable = dev.kubicle.operator.kube.UnreadableResources.why(ws);
    if (unreadable.isPresent()) { // its owner and state are unknown until it is fixed
      return new Verdict(null, false, "Waiting for workspace " + name + ": it cannot be read ("
          + unreadable.get().message() + ")", null);
    }
    String owner = task.getSpec().getOwner();
    if (owner != null && !owner.equals(ws.getSpec().getOwner())) {
      return Verdict.fail("Workspace " + name + " belongs to " + ws.getSpec().getOwner() + ", not to the task's "
          + "owner " + owner);
    }
    var status = ws.getStatus();
    if (status != null && Conditions.find(status.getConditions(), "AgentConnected")
        .filter(c -> "NotRequired".equals(c.getReason())).isPresent()) {
      return Verdict.fail("Workspace " + name + " runs no agent (its template disables it); tasks need one");
    }
    if (ws.getMetadata().getDeletionTimestamp() != null) {
      return new Verdict(null, false, "Waiting for workspace " + name + ": it is being deleted", null);
    }
    if (!ws.getSpec().wantsRunning()) {
      String uid = ws.getMetadata().getUid();
      client.resources(Workspace.class).inNamespace(namespace).withName(name).edit(w -> {
        if (uid.equals(w.getMetadata().getUid())) { // not one re-created under the same name since
          w.getSpec().setRunning(true);
        }
        return w;
      });
      LOG.info("started workspace {}/{} for task {}", namespace, name, task.getMetadata().getName());
      return new Verdict(ws, false, "Starting workspace " + name, null);
    }
    if (status != null && status.getPhase() == WorkspacePhase.Failed) {
      return Verdict.fail("Workspace " + name + " failed: " + status.getMessage());
    }
    ResourceID id = ResourceID.fromResource(ws);
    Optional<AgentState> agent = agents.state(id);
    // Only an agent admitted for this very workspace (by UID) counts; one of a namesake is still "waiting".
    if (agent.isPresent() && agent.get().connected()
        && agents.session(id).filter(s -> ws.getMetadata().getUid() != null
            && ws.getMetadata().getUid().equals(s.workspaceUid())).isPresent()) {
      String lifecycle = agent.get().lifecycle();
      if (AgentState.READY.equals(lifecycle)) {
        return new Verdict(ws, true, null, null);
      }
      if (AgentState.START_ERROR.equals(lifecycle) || AgentState.START_TIMEOUT.equals(lifecycle)) {
        return Verdict.fail("The startup script of workspace " + name + " failed (" + lifecycle + "); see the "
            + "workspace's agent log");
      }
    }
    return new Verdict(ws, false, "Waiting for the agent of workspace " + name + " to be ready", null);
  }

  /** A running task counts as use of its workspace, so autostop leaves it running. */
  void keepAlive(AgentTask task) {
    activity.accept(new ResourceID(task.getSpec().getWorkspace(), task.getMetadata().getNamespace()));
  }
}
