package dev.kubicle.operator.task;

import dev.kubicle.api.v1alpha1.AgentTask;

/**
 * Which task a record belongs to and whom it acts for. Every model call, tool call and transcript entry carries it.
 *
 * @param owner the user the task acts for (spec.owner, stamped at admission; else the workspace's owner)
 */
public record TaskIdentity(String namespace, String name, String uid, String owner, String workspace) {
  public static TaskIdentity of(AgentTask task, String owner) {
    return new TaskIdentity(task.getMetadata().getNamespace(), task.getMetadata().getName(),
        task.getMetadata().getUid(), owner, task.getSpec().getWorkspace());
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
