package dev.kubicle.operator.task;

import dev.kubicle.api.v1alpha1.AgentTask;
import dev.kubicle.api.v1alpha1.AgentTaskStatus;
import dev.kubicle.operator.kube.Json;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The one place AgentTask status is written: the reconciler before a loop runs, the loop while it runs (once per
 * turn and at the end, never per token). Writes that change nothing are skipped.
 */
public class TaskStatusWriter {
  private final KubernetesClient client;
  private final AtomicLong writes = new AtomicLong();

  public TaskStatusWriter(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Applies {@code change} to the task's current status and writes it if it changed.
   *
   * @return the task as it now stands, or null when it is gone (deleted)
   */
  public AgentTask update(String namespace, String name, Consumer<AgentTaskStatus> change) {
    return update(null, namespace, name, change);
  }

  /**
   * The same, starting from {@code known} (the task as this writer last wrote it) instead of reading it first: a
   * loop's writes cost one request, and a conflict (someone else wrote, e.g. a cancel) reads it fresh.
   */
  public AgentTask update(AgentTask known, String namespace, String name, Consumer<AgentTaskStatus> change) {
    var resource = client.resources(AgentTask.class).inNamespace(namespace).withName(name);
    for (int attempt = 1; ; attempt++) {
      AgentTask current = attempt == 1 && known != null ? Json.copy(known, AgentTask.class) : resource.get();
      if (current == null) {
        return null;
      }
      AgentTaskStatus before = current.getStatus() == null ? new AgentTaskStatus() : current.getStatus();
      AgentTaskStatus after = Json.copy(before, AgentTaskStatus.class);
      change.accept(after);
      after.setObservedGeneration(current.getMetadata().getGeneration());
      if (Json.canonical(after).equals(Json.canonical(current.getStatus()))) {
        return current;
      }
      current.setStatus(after);
      try {
        AgentTask written = client.resource(current).updateStatus();
        writes.incrementAndGet();
        return written;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          return null;
        }
        if (e.getCode() != 409 || attempt >= 5) {
          throw e;
        }
        // Someone wrote in between (a spec change bumps the version): read again and re-apply.
      }
    }
  }

  /** Status writes so far (tests and benchmarks check they stay coarse). */
  public long writes() {
    return writes.get();
  }
}
