package dev.kubicle.operator.kube;

/** Every reason Kubicle gives in an Event; one enum so they are consistent and greppable. */
public enum EventReason {
  TemplateInvalid(true),
  TemplateVersionCreated(false),
  TemplateInUse(true),
  TemplateNotFound(true),
  TemplateVersionNotFound(true),
  InvalidParameters(true),
  InvalidSchedule(true),
  BuildStarted(false),
  BuildSucceeded(false),
  BuildFailed(true),
  DestroyFailed(true),
  Orphaned(true),
  Autostop(false),
  Autostart(false),
  FailureStop(false),
  Dormant(false),
  AutoDelete(false),
  NetworkUnavailable(true),
  TaskStartingWorkspace(false),
  TaskRunning(false),
  TaskResumed(false),
  TaskSucceeded(false),
  TaskFailed(true),
  TaskCancelled(false),
  /** The stored object cannot be read as its kind (a field of the wrong type, say); the operator skips it. */
  Unreadable(true),
  /** A ConfigMap or Secret the operator reads for this object is malformed; it is skipped. */
  MalformedReference(true);

  private final boolean warning;

  EventReason(boolean warning) {
    this.warning = warning;
  }

  public String type() {
    return warning ? "Warning" : "Normal";
  }
}
