package dev.kubicle.webhook.cluster;

import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.Workspace;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Informer caches of Templates, Workspaces (indexed by uid), template snapshot ConfigMaps (by label, decoded once)
 * workspace pods (by label) and Services. Pods are cached rather than fetched per request: an exec admission must not wait
 * on the API server, and the label selector keeps the cache to Kubicle's pods only.
 */
public final class InformerClusterView implements ClusterView, AutoCloseable {
  static final String WORKSPACE_UID_LABEL = "kubicle.dev/workspace-uid";
  private static final Logger LOG = LoggerFactory.getLogger(InformerClusterView.class);
  private static final String BY_UID = "uid";

  private final List<SharedIndexInformer<?>> all = new ArrayList<>();
  private final Map<String, SharedIndexInformer<Template>> templates = new ConcurrentHashMap<>();
  private final Map<String, SharedIndexInformer<Workspace>> workspaces = new ConcurrentHashMap<>();
  private final Map<String, SharedIndexInformer<Pod>> pods = new ConcurrentHashMap<>();
  /** All Services: a services/proxy review must know whose pods a Service selects. */
  private final Map<String, SharedIndexInformer<Service>> services = new ConcurrentHashMap<>();
  /** Decoded snapshots by namespace/name; ConfigMap snapshots are immutable, so each is decoded once. */
  private final Map<String, TemplateVersion> versions = new ConcurrentHashMap<>();
  private final boolean anyNamespace;

  private InformerClusterView(boolean anyNamespace) {
    this.anyNamespace = anyNamespace;
  }

  /** Starts the informers: cluster-wide when {@code namespaces} is empty, else one set per namespace. */
  public static InformerClusterView start(KubernetesClient client, List<String> namespaces) {
    InformerClusterView view = new InformerClusterView(namespaces.isEmpty());
    for (String ns : namespaces.isEmpty() ? List.of("") : namespaces) {
      view.templates.put(ns, view.track(ns.isEmpty() ? client.resources(Template.class).inAnyNamespace().runnableInformer(0)
          : client.resources(Template.class).inNamespace(ns).runnableInformer(0)));
      SharedIndexInformer<Workspace> ws = ns.isEmpty()
          ? client.resources(Workspace.class).inAnyNamespace().runnableInformer(0)
          : client.resources(Workspace.class).inNamespace(ns).runnableInformer(0);
      ws.addIndexers(Map.of(BY_UID, w -> List.of(String.valueOf(w.getMetadata().getUid()))));
      view.workspaces.put(ns, view.track(ws));
      view.pods.put(ns, view.track(ns.isEmpty()
          ? client.pods().inAnyNamespace().withLabel(WORKSPACE_UID_LABEL).runnableInformer(0)
          : client.pods().inNamespace(ns).withLabel(WORKSPACE_UID_LABEL).runnableInformer(0)));
      view.services.put(ns, view.track(ns.isEmpty() ? client.services().inAnyNamespace().runnableInformer(0)
          : client.services().inNamespace(ns).runnableInformer(0)));
      SharedIndexInformer<ConfigMap> snapshots = ns.isEmpty()
          ? client.configMaps().inAnyNamespace().withLabel(Snapshots.SNAPSHOT_LABEL, "true").runnableInformer(0)
          : client.configMaps().inNamespace(ns).withLabel(Snapshots.SNAPSHOT_LABEL, "true").runnableInformer(0);
      snapshots.addEventHandler(view.new SnapshotDecoder());
      view.track(snapshots);
    }
    view.all.forEach(SharedIndexInformer::run);
    return view;
  }

  private <T extends HasMetadata> SharedIndexInformer<T> track(SharedIndexInformer<T> informer) {
    all.add(informer);
    return informer;
  }

  @Override
  public Optional<Template> template(String namespace, String name) {
    return byKey(templates, namespace, name);
  }

  @Override
  public Optional<TemplateVersion> templateVersion(String namespace, String template, String version) {
    return Optional.ofNullable(versions.get(namespace + "/" + Snapshots.name(template, version)));
  }

  @Override
  public Optional<Workspace> workspace(String namespace, String name) {
    return byKey(workspaces, namespace, name);
  }

  @Override
  public Optional<Workspace> workspaceByUid(String uid) {
    for (SharedIndexInformer<Workspace> informer : workspaces.values()) {
      List<Workspace> found = informer.getIndexer().byIndex(BY_UID, uid);
      if (!found.isEmpty()) {
        return Optional.of(found.get(0));
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<Map<String, String>> workspacePodLabels(String namespace, String pod) {
    return byKey(pods, namespace, pod).map(p -> p.getMetadata().getLabels());
  }

  @Override
  public List<Map<String, String>> workspacePodsIn(String namespace) {
    SharedIndexInformer<Pod> informer = pods.get(anyNamespace ? "" : namespace);
    if (informer == null) {
      return List.of();
    }
    return informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace).stream()
        .map(p -> p.getMetadata().getLabels()).toList();
  }

  @Override
  public Optional<Map<String, String>> serviceSelector(String namespace, String service) {
    return byKey(services, namespace, service).map(s -> s.getSpec() == null || s.getSpec().getSelector() == null
        ? Map.<String, String>of() : s.getSpec().getSelector());
  }

  @Override
  public boolean synced() {
    return all.stream().allMatch(SharedIndexInformer::hasSynced);
  }

  @Override
  public void close() {
    all.forEach(SharedIndexInformer::stop);
  }

  private <T> Optional<T> byKey(Map<String, SharedIndexInformer<T>> informers, String namespace, String name) {
    SharedIndexInformer<T> informer = informers.get(anyNamespace ? "" : namespace);
    return informer == null ? Optional.empty()
        : Optional.ofNullable(informer.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name)));
  }

  private final class SnapshotDecoder implements ResourceEventHandler<ConfigMap> {
    @Override
    public void onAdd(ConfigMap cm) {
      Optional<TemplateVersion> version = Snapshots.decode(cm);
      version.ifPresentOrElse(v -> versions.put(key(cm), v),
          () -> LOG.warn("ConfigMap {} is labelled {} but is not a readable snapshot", key(cm), Snapshots.SNAPSHOT_LABEL));
    }

    @Override
    public void onUpdate(ConfigMap before, ConfigMap after) {
      onAdd(after);
    }

    @Override
    public void onDelete(ConfigMap cm, boolean finalStateUnknown) {
      versions.remove(key(cm));
    }

    private String key(ConfigMap cm) {
      return cm.getMetadata().getNamespace() + "/" + cm.getMetadata().getName();
    }
  }
}
