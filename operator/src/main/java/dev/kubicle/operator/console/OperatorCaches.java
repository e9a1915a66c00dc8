package dev.kubicle.operator.console;

import dev.kubicle.api.v1alpha1.AgentTask;
import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.agentapi.UserKeys;
import dev.kubicle.operator.console.api.ConsoleCaches;
import dev.kubicle.operator.controller.TemplateResolver;
import dev.kubicle.operator.controller.WorkspaceSources;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The console's reads: Workspaces and Templates from the Workspace controller's own informers (no second watch),
 * users' SSH-key ConfigMaps from the agent API's {@link UserKeys} informer, and AgentTasks from an informer of the
 * console's own, in the namespaces the operator watches.
 */
public final class OperatorCaches implements ConsoleCaches, AutoCloseable {
  private final WorkspaceSources sources;
  private final KubernetesClient client;
  private final Set<String> namespaces;
  private final List<SharedIndexInformer<AgentTask>> tasks = new ArrayList<>();
  private final UserKeys keys;

  /**
   * @param namespaces the namespaces to watch; empty means all
   * @param keys the users' keys, started by the operator
   */
  public OperatorCaches(WorkspaceSources sources, KubernetesClient client, Set<String> namespaces, UserKeys keys) {
    this.sources = sources;
    this.client = client;
    this.namespaces = namespaces;
    this.keys = keys;
  }

  /** Starts the console's own informers (and waits for their first list, bounded by the client's timeouts). */
  public void start() {
    if (namespaces.isEmpty()) {
      tasks.add(client.resources(AgentTask.class).inAnyNamespace().inform());
    } else {
      for (String namespace : namespaces) {
        tasks.add(client.resources(AgentTask.class).inNamespace(namespace).inform());
      }
    }
  }

  @Override
  public Stream<Workspace> workspaces() {
    return sources.workspaces();
  }

  @Override
  public Optional<Workspace> workspace(String namespace, String name) {
    return sources.workspace(namespace, name);
  }

  @Override
  public Stream<Template> templates() {
    return sources.templates();
  }

  @Override
  public Optional<Template> template(String namespace, String name) {
    return sources.template(namespace, name);
  }

  @Override
  public TemplateResolver resolver() {
    return sources.resolver();
  }

  @Override
  public Stream<AgentTask> tasks() {
    return tasks.stream().flatMap(i -> i.getStore().list().stream());
  }

  @Override
  public Optional<AgentTask> task(String namespace, String name) {
    return find(tasks, namespace, name);
  }

  @Override
  public Optional<ConfigMap> userKeys(String namespace, String configMapName) {
    return keys.configMap(namespace, configMapName);
  }

  private static <T extends HasMetadata> Optional<T> find(List<SharedIndexInformer<T>> informers, String namespace,
      String name) {
    String key = Cache.namespaceKeyFunc(namespace, name);
    for (SharedIndexInformer<T> informer : informers) {
      T found = informer.getStore().getByKey(key);
      if (found != null) {
        return Optional.of(found);
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    tasks.forEach(SharedIndexInformer::close);
  }
}
