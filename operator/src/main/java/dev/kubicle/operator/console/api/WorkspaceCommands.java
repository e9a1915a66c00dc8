package dev.kubicle.operator.console.api;

import dev.kubicle.api.v1alpha1.TemplateRef;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.console.ApiException;
import dev.kubicle.operator.kube.Json;
import dev.kubicle.operator.kube.Labels;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Changes workspaces the way a user with kubectl would: spec.running is the only start/stop switch, and every change
 * names its initiator (the build records it). Each change starts from the cached object and is written with its
 * resourceVersion; only when someone else changed it first is the object read again from the API server.
 */
public class WorkspaceCommands {
  /**
   * Annotation: a restart in progress, "{@code <initiator>@<build number before the stop>}". Once the stop build
   * after that number succeeds, {@link RestartFollower} starts the workspace again (after an operator restart too).
   */
  public static final String RESTART = "kubicle.dev/restart";
  private static final int ATTEMPTS = 3;

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
    return change(ws, w -> {
      Map<String, String> a = byUser(w, initiator);
      a.remove(RESTART);
      if (running) {
        a.remove(Labels.STOPPED_BY); // a person started it: no longer stopped by automation
      }
      w.getSpec().setRunning(running);
    });
  }

  /** Stops now and asks {@link RestartFollower} to start again once the stop build after {@code lastBuild} is done. */
  public Workspace restart(Workspace ws, String initiator, long lastBuild) {
    return change(ws, w -> {
      byUser(w, initiator).put(RESTART, initiator + "@" + lastBuild);
      w.getSpec().setRunning(false);
    });
  }

  /** Pins the workspace to {@code version} and starts it (a running workspace rebuilds with the new version). */
  public Workspace pinAndStart(Workspace ws, String version, String initiator) {
    return change(ws, w -> {
      byUser(w, initiator).remove(Labels.STOPPED_BY);
      w.getSpec().setTemplate(new TemplateRef(w.getSpec().getTemplate().getName(), version));
      w.getSpec().setRunning(true);
    });
  }

  /** Ends a restart: start again, or (when the stop failed) just drop the request. */
  public void finishRestart(Workspace ws, String initiator, boolean start) {
    change(ws, w -> {
      Map<String, String> a = start ? byUser(w, initiator) : annotations(w);
      a.remove(RESTART);
      if (start) {
        a.remove(Labels.STOPPED_BY);
        w.getSpec().setRunning(true);
      }
    });
  }

  public void delete(Workspace ws, String initiator) {
    // Name the initiator first, so the delete build records who asked for it.
    Workspace named = change(ws, w -> byUser(w, initiator));
    client.resource(named).delete();
  }

  /** The annotations, marked as changed by {@code initiator} (a person, so no automatic build reason applies). */
  private static Map<String, String> byUser(Workspace w, String initiator) {
    Map<String, String> a = annotations(w);
    a.put(Labels.INITIATOR, initiator);
    a.remove(Labels.BUILD_REASON);
    return a;
  }

  private static Map<String, String> annotations(Workspace w) {
    Map<String, String> a = new HashMap<>(w.getMetadata().getAnnotations() == null ? Map.of()
        : w.getMetadata().getAnnotations());
    w.getMetadata().setAnnotations(a);
    return a;
  }

  private Workspace change(Workspace cached, Consumer<Workspace> edit) {
    Workspace current = cached;
    for (int attempt = 1; ; attempt++) {
      Workspace changed = Json.copy(current, Workspace.class);
      edit.accept(changed);
      changed.setStatus(null);
      try {
        return client.resource(changed).update();
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          throw ApiException.notFound("workspace " + cached.getMetadata().getNamespace() + "/"
              + cached.getMetadata().getName() + " not found");
        }
        if (e.getCode() != 409 || attempt == ATTEMPTS) {
          throw e;
        }
      }
      current = client.resources(Workspace.class).inNamespace(cached.getMetadata().getNamespace())
          .withName(cached.getMetadata().getName()).get();
      if (current == null) {
        throw ApiException.notFound("workspace " + cached.getMetadata().getNamespace() + "/"
            + cached.getMetadata().getName() + " not found");
      }
    }
  }
}
