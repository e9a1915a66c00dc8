package dev.kubicle.operator.console.api;

import dev.kubicle.api.v1alpha1.AgentTask;
import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.controller.TemplateResolver;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Optional;
import java.util.stream.Stream;

/** What the API reads, all from informer caches in memory: never a request to the API server per API call. */
public interface ConsoleCaches {

  Stream<Workspace> workspaces();

  Optional<Workspace> workspace(String namespace, String name);

  Stream<Template> templates();

  Optional<Template> template(String namespace, String name);

  /** Resolves template versions (and their parameters) from the cached snapshots. */
  TemplateResolver resolver();

  Stream<AgentTask> tasks();

  Optional<AgentTask> task(String namespace, String name);

  /** A user's SSH keys ConfigMap (see agentapi.UserKeys), if cached. */
  Optional<ConfigMap> userKeys(String namespace, String configMapName);
}
