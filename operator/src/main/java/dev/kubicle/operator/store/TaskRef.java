package dev.kubicle.operator.store;

/**
 * Which AgentTask a record belongs to and whom it acts for: namespace, name, uid, the owner's name (spec.owner) and
 * the task's workspace. The store adds the owner's user key (issuer|subject) when that user has signed in.
 */
public record TaskRef(String namespace, String name, String uid, String owner, String workspace) {
  public TaskRef {
    if (uid == null || uid.isBlank()) {
      throw new IllegalArgumentException("a task record needs the task's uid");
    }
    if (owner == null || owner.isBlank()) {
      throw new IllegalArgumentException("a task record needs the task's owner");
    }
  }
}
