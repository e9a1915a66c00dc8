package dev.kubicle.api.v1alpha1;

/** Where a build stands. */
public enum BuildPhase {
  Pending, Running, Succeeded, Failed;

  public boolean isFinished() {
    return this == Succeeded || this == Failed;
  }
}
