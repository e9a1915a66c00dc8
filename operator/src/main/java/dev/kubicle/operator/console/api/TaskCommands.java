package dev.kubicle.operator.console.api;

import dev.kubicle.api.v1alpha1.AgentTask;
import dev.kubicle.operator.console.ApiException;
import dev.kubicle.operator.kube.Json;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Writes AgentTasks the way kubectl would: create, and cancel by setting spec.cancel (the operator's loop stops
 * promptly on it). A cancel starts from the cached object and its resourceVersion, and reads again only on a conflict.
 */
final class TaskCommands {
  private static final int ATTEMPTS = 3;

  private final KubernetesClient client;

  TaskCommands(KubernetesClient client) {
    this.client = client;
  }

  AgentTask create(AgentTask task) {
    try {
      return client.resource(task).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw ApiException.conflict("task " + task.getMetadata().getNamespace() + "/" + task.getMetadata().getName()
            + " already exists; choose another name");
      }
      throw e;
    }
  }

  AgentTask cancel(AgentTask cached) {
    AgentTask current = cached;
    for (int attempt = 1; ; attempt++) {
      AgentTask changed = Json.copy(current, AgentTask.class);
      changed.getSpec().setCancel(true);
      changed.setStatus(null);
      try {
        return client.resource(changed).update();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == ATTEMPTS) {
          if (e.getCode() == 404) {
            throw gone(cached);
          }
          throw e;
        }
      }
      current = client.resources(AgentTask.class).inNamespace(cached.getMetadata().getNamespace())
          .withName(cached.getMetadata().getName()).get();
      if (current == null) {
        throw gone(cached);
      }
    }
  }

  private static ApiException gone(AgentTask task) {
    return ApiException.notFound("task " + task.getMetadata().getNamespace() + "/" + task.getMetadata().getName()
        + " not found");
  }
}
