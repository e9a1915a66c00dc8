package dev.kubicle.api.v1alpha1;

/** Where an AgentTask stands. */
public enum TaskPhase {
  Pending, StartingWorkspace, Running, Succeeded, Failed, Cancelled
}
