package dev.kubicle.webhook.cluster;

import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.Workspace;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the rules may look up about the cluster: cached reads only, never an API call. */
public interface ClusterView {
  Optional<Template> template(String namespace, String name);

  /** The snapshot of one template version (ConfigMap {@code <template>-v-<version>}), decoded. */
  Optional<TemplateVersion> templateVersion(String namespace, String template, String version);

  Optional<Workspace> workspace(String namespace, String name);

  Optional<Workspace> workspaceByUid(String uid);

  /** The labels of a pod labelled as a Kubicle workspace's child; empty for any other pod. */
  Optional<Map<String, String>> workspacePodLabels(String namespace, String pod);

  /** The labels of every cached workspace pod (and runner pod) in a namespace. */
  List<Map<String, String>> workspacePodsIn(String namespace);

  /**
   * A Service's selector: empty when the cache does not know the Service; an empty map when it has no selector (its
   * endpoints are then whatever someone wrote into its EndpointSlices).
   */
  Optional<Map<String, String>> serviceSelector(String namespace, String service);

  /** Whether every cache has listed once; the server reports ready only then. */
  boolean synced();
}
