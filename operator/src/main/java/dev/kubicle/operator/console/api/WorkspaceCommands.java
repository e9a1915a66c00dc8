package dev.kubicle.operator.console.api;

import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.console.ApiException;
import dev.kubicle.operator.kube.Labels;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.vertx.core.json.JsonObject;

/**
 * Changes workspaces the way a user with kubectl would: spec.running is the only start/stop switch, and every change
 * names its initiator (the build records it). Merge patches, so no read of the API server precedes a write.
 */
public class WorkspaceCommands {
  /**
   * Annotation: a restart in progress, "{@code <initiator>@<build number before the stop>}". Once the stop build
   * after that number succeeds, {@link RestartFollower} starts the workspace again (after an operator restart too).
   */
  public static final String RESTART = "kubicle.dev/restart";

  private final KubernetesClient client;

  public WorkspaceCommands(KubernetesClient client) {
    this.client = client;
  }

  public Workspace create(Workspace ws) {
    try {
      return client.resource(ws).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw ApiException.conflict("workspace " + ws.getMetadata().getNamespace() + "/" + ws.getMetadata().getName()
            + " already exists; choose another name");
      }
      throw e;
    }
  }

  public Workspace setRunning(Workspace ws, boolean running, String initiator) {
    JsonObject annotations = new JsonObject().put(Labels.INITIATOR, initiator).put(Labels.BUILD_REASON, null)
        .put(RESTART, null);
    if (running) {
      annotations.put(Labels.STOPPED_BY, null); // a person started it: no longer stopped by automation
    }
    return patch(ws, new JsonObject().put("metadata", new JsonObject().put("annotations", annotations))
        .put("spec", new JsonObject().put("running", running)));
  }

  /** Stops now and asks {@link RestartFollower} to start again once the stop build after {@code lastBuild} is done. */
  public Workspace restart(Workspace ws, String initiator, long lastBuild) {
    JsonObject annotations = new JsonObject().put(Labels.INITIATOR, initiator).put(Labels.BUILD_REASON, null)
        .put(RESTART, initiator + "@" + lastBuild);
    return patch(ws, new JsonObject().put("metadata", new JsonObject().put("annotations", annotations))
        .put("spec", new JsonObject().put("running", false)));
  }

  /** Pins the workspace to {@code version} and starts it (a running workspace rebuilds with the new version). */
  public Workspace pinAndStart(Workspace ws, String version, String initiator) {
    JsonObject annotations = new JsonObject().put(Labels.INITIATOR, initiator).put(Labels.BUILD_REASON, null)
        .put(Labels.STOPPED_BY, null);
    return patch(ws, new JsonObject().put("metadata", new JsonObject().put("annotations", annotations))
        .put("spec", new JsonObject().put("running", true)
            .put("template", new JsonObject().put("version", version))));
  }

  /** Ends a restart: start again, or (when the stop failed) just drop the request. */
  public void finishRestart(Workspace ws, String initiator, boolean start) {
    JsonObject annotations = new JsonObject().put(RESTART, null);
    JsonObject patch = new JsonObject().put("metadata", new JsonObject().put("annotations", annotations));
    if (start) {
      annotations.put(Labels.INITIATOR, initiator).put(Labels.STOPPED_BY, null);
      patch.put("spec", new JsonObject().put("running", true));
    }
    patch(ws, patch);
  }

  public void delete(Workspace ws, String initiator) {
    // Name the initiator first, so the delete build records who asked for it.
    patch(ws, new JsonObject().put("metadata", new JsonObject().put("annotations",
        new JsonObject().put(Labels.INITIATOR, initiator).put(Labels.BUILD_REASON, null))));
    client.resources(Workspace.class).inNamespace(ws.getMetadata().getNamespace())
        .withName(ws.getMetadata().getName()).delete();
  }

  private Workspace patch(Workspace ws, JsonObject patch) {
    try {
      return client.resources(Workspace.class).inNamespace(ws.getMetadata().getNamespace())
          .withName(ws.getMetadata().getName()).patch(PatchContext.of(PatchType.JSON_MERGE), patch.encode());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        throw ApiException.notFound("workspace " + ws.getMetadata().getNamespace() + "/" + ws.getMetadata().getName()
            + " not found");
      }
      throw e;
    }
  }
}
