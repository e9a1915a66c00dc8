package dev.kubicle.operator.controller;

import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.kube.EventReason;
import dev.kubicle.operator.kube.EventRecorder;
import dev.kubicle.operator.kube.Json;
import dev.kubicle.operator.kube.Labels;
import dev.kubicle.operator.lifecycle.LifecycleDecision;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out what the lifecycle rules decided, the way a user would: autostop and autostart change
 * {@code spec.running} (so the normal build flow does the work), with annotations saying who did it and an Event.
 * Writes use the cached resourceVersion: a concurrent user change wins, and the next reconcile decides again.
 */
public class LifecycleActions {
  private static final Logger LOG = LoggerFactory.getLogger(LifecycleActions.class);

  private final KubernetesClient client;
  private final EventRecorder events;

  public LifecycleActions(KubernetesClient client, EventRecorder events) {
    this.client = client;
    this.events = events;
  }

  public void perform(LifecycleDecision.Action action, Workspace ws) {
    switch (action) {
      case AUTOSTOP -> setRunning(ws, false, "autostop", "autostop", EventReason.Autostop,
          "Stopped at its deadline " + ws.getStatus().getDeadline() + " (no activity moved it)");
      case FAILURE_STOP -> setRunning(ws, false, "failedstop", "failure", EventReason.FailureStop,
          "Stopped after failing for the template's failure TTL");
      case AUTOSTART -> setRunning(ws, true, "autostart", null, EventReason.Autostart,
          "Started by its autostart schedule");
      case MARK_DORMANT -> events.record(ws, EventReason.Dormant, "Dormant since " + ws.getStatus().getDormantAt()
          + ": unused for the template's timeTilDormant; no autostart until someone starts it");
      case AUTODELETE -> delete(ws);
      case NONE -> { }
      default -> throw new IllegalStateException("unknown lifecycle action " + action);
    }
  }

  private void setRunning(Workspace ws, boolean running, String reason, String stoppedBy, EventReason event,
      String message) {
    Workspace changed = Json.copy(ws, Workspace.class);
    changed.getSpec().setRunning(running);
    Map<String, String> annotations = new HashMap<>(changed.getMetadata().getAnnotations() == null ? Map.of()
        : changed.getMetadata().getAnnotations());
    if (stoppedBy == null) {
      annotations.remove(Labels.STOPPED_BY);
    } else {
      annotations.put(Labels.STOPPED_BY, stoppedBy);
    }
    // A spec change raises the generation by one: the build this change causes carries that generation.
    annotations.put(Labels.LIFECYCLE_ACTION, reason + "@" + (ws.getMetadata().getGeneration() + 1));
    changed.getMetadata().setAnnotations(annotations);
    changed.setStatus(null);
    client.resource(changed).update();
    events.record(ws, event, message);
    LOG.info("{}: spec.running set to {}", reason, running);
  }

  private void delete(Workspace ws) {
    Workspace changed = Json.copy(ws, Workspace.class);
    Map<String, String> annotations = new HashMap<>(changed.getMetadata().getAnnotations() == null ? Map.of()
        : changed.getMetadata().getAnnotations());
    annotations.put(Labels.LIFECYCLE_ACTION, "autodelete@" + ws.getMetadata().getGeneration());
    changed.getMetadata().setAnnotations(annotations);
    changed.setStatus(null);
    client.resource(client.resource(changed).update()).delete();
    events.record(ws, EventReason.AutoDelete, "Deleted after being dormant for the template's "
        + "timeTilDormantAutodelete");
    LOG.info("autodelete: dormant since {}", ws.getStatus().getDormantAt());
  }
}
