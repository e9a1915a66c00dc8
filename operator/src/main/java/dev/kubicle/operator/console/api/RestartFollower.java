package dev.kubicle.operator.console.api;

import dev.kubicle.api.v1alpha1.BuildPhase;
import dev.kubicle.api.v1alpha1.BuildRecord;
import dev.kubicle.api.v1alpha1.BuildTransition;
import dev.kubicle.api.v1alpha1.Workspace;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes restarts: a workspace annotated {@link WorkspaceCommands#RESTART} is started again once the stop build
 * after the recorded number has succeeded (or the request is dropped if that stop failed). The annotation lives on
 * the Workspace, so a restart survives an operator restart: the informer's initial list brings it back here.
 */
public final class RestartFollower {
  private static final Logger LOG = LoggerFactory.getLogger(RestartFollower.class);

  private final WorkspaceCommands commands;
  private final Executor executor;
  private final Set<ResourceID> inFlight = ConcurrentHashMap.newKeySet();

  /** @param executor runs the API writes off the informer's thread */
  public RestartFollower(WorkspaceCommands commands, Executor executor) {
    this.commands = commands;
    this.executor = executor;
  }

  public void onChange(WorkspaceFeed.Change change) {
    if (change.deleted()) {
      return;
    }
    Workspace ws = change.workspace();
    Map<String, String> annotations = ws.getMetadata().getAnnotations();
    String request = annotations == null ? null : annotations.get(WorkspaceCommands.RESTART);
    if (request == null || ws.getMetadata().getDeletionTimestamp() != null || !request.contains("@")) {
      return;
    }
    String initiator = request.substring(0, request.lastIndexOf('@'));
    long before;
    try {
      before = Long.parseLong(request.substring(request.lastIndexOf('@') + 1));
    } catch (NumberFormatException e) {
      return;
    }
    BuildRecord build = ws.getStatus() == null ? null : ws.getStatus().getCurrentBuild();
    if (build == null || build.getNumber() == null || build.getNumber() <= before
        || build.getTransition() != BuildTransition.STOP) {
      return; // the stop build has not been recorded yet
    }
    boolean succeeded = build.getPhase() == BuildPhase.Succeeded;
    if (!succeeded && build.getPhase() != BuildPhase.Failed) {
      return; // still stopping
    }
    ResourceID id = ResourceID.fromResource(ws);
    if (!inFlight.add(id)) {
      return;
    }
    executor.execute(() -> {
      try {
        commands.finishRestart(ws, initiator, succeeded);
        LOG.info("[{}] restart by {}: {}", id, initiator, succeeded ? "stopped, starting again"
            : "the stop build failed, not starting");
      } catch (RuntimeException e) {
        LOG.warn("[{}] could not finish the restart by {}: {}", id, initiator, e.toString());
      } finally {
        inFlight.remove(id);
      }
    });
  }
}
