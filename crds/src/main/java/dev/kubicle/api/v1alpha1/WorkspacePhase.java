package dev.kubicle.api.v1alpha1;

/** The one-word summary of a Workspace, derived from its latest build. */
public enum WorkspacePhase {
  Pending, Starting, Running, Stopping, Stopped, Failed, Deleting
}
