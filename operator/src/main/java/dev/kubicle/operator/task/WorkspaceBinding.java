package dev.kubicle.operator.task;

import dev.kubicle.api.v1alpha1.TaskStopReason;
import dev.kubicle.api.v1alpha1.Workspace;
import java.util.Optional;

/**
 * The workspace a task was admitted against, by UID and owner, for the task's whole life. A workspace deleted and
 * created again under the same name (by anyone) is another workspace: the task never acts on it.
 *
 * @param uid the admitted workspace's metadata.uid (recorded in status.workspaceUid)
 * @param owner the admitted workspace's spec.owner
 */
record WorkspaceBinding(String namespace, String name, String uid, String owner) {

  /** Why a task may no longer act on its workspace: the stop reason and what to tell the user. */
  record Loss(TaskStopReason reason, String message) {}

  static WorkspaceBinding of(Workspace ws) {
    return new WorkspaceBinding(ws.getMetadata().getNamespace(), ws.getMetadata().getName(),
        ws.getMetadata().getUid(), ws.getSpec().getOwner());
  }

  /**
   * Decides, from the workspace as it stands now under the bound name (empty: gone), whether the task may still
   * act on it. Pure: tested as a table.
   */
  Optional<Loss> judge(Optional<Workspace> live) {
    if (live.isEmpty()) {
      return Optional.of(new Loss(TaskStopReason.WORKSPACE_DELETED, "Workspace " + name + " was deleted while the "
          + "task ran; no further tool call was run"));
    }
    Workspace ws = live.get();
    if (!uid.equals(ws.getMetadata().getUid())) {
      return Optional.of(new Loss(TaskStopReason.WORKSPACE_REPLACED, "Workspace " + name + " was deleted and "
          + "created again (it is another workspace now, uid " + ws.getMetadata().getUid() + ", not " + uid
          + "); no tool call was run in it"));
    }
    if (ws.getMetadata().getDeletionTimestamp() != null) {
      return Optional.of(new Loss(TaskStopReason.WORKSPACE_DELETED, "Workspace " + name + " is being deleted; "
          + "no further tool call was run"));
    }
    if (owner == null) {
      return Optional.empty(); // bound by UID only (the gate, before the loop, checks the owner itself)
    }
    if (ws.getSpec() == null) {
      return Optional.of(new Loss(TaskStopReason.ERROR, "Workspace " + name + " cannot be read (its owner is "
          + "unknown); no further tool call was run"));
    }
    String liveOwner = ws.getSpec().getOwner();
    if (!owner.equals(liveOwner)) {
      return Optional.of(new Loss(TaskStopReason.WORKSPACE_REPLACED, "Workspace " + name + " changed owner (from "
          + owner + " to " + liveOwner + "); no further tool call was run"));
    }
    return Optional.empty();
  }

  /**
   * Decides whether an agent session admitted for the workspace with {@code sessionUid} may run this task's tool
   * calls: only when it is the bound workspace's (a session of a workspace re-created under the bound name, or of
   * unknown UID, never). Pure: tested as a table.
   */
  Optional<Loss> judgeSession(String sessionUid) {
    if (uid.equals(sessionUid)) {
      return Optional.empty();
    }
    return Optional.of(new Loss(TaskStopReason.WORKSPACE_REPLACED, "the agent now connected for Workspace " + name
        + " belongs to another workspace of that name (uid " + sessionUid + ", not " + uid + "); no tool call "
        + "was run in it"));
  }
}
