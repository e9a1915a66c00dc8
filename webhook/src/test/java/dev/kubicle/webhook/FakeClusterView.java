package dev.kubicle.webhook;

import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateParameter;
import dev.kubicle.api.v1alpha1.TemplateStatus;
import dev.kubicle.api.v1alpha1.TemplateVersionEntry;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspaceSpec;
import dev.kubicle.webhook.cluster.ClusterView;
import dev.kubicle.webhook.cluster.TemplateVersion;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory cluster for rule tests: templates with versions, workspaces, workspace pods, services. */
public final class FakeClusterView implements ClusterView {
  private final Map<String, Template> templates = new ConcurrentHashMap<>();
  private final Map<String, TemplateVersion> versions = new ConcurrentHashMap<>();
  private final Map<String, Workspace> workspaces = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> pods = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> services = new ConcurrentHashMap<>();

  /** A template whose listed versions are {@code versions}, the last being the latest, each with these parameters. */
  public Template template(String namespace, String name, List<TemplateParameter> parameters, String... versions) {
    Template t = new Template();
    t.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    TemplateStatus status = new TemplateStatus();
    List<TemplateVersionEntry> entries = new ArrayList<>();
    for (String v : versions) {
      entries.add(new TemplateVersionEntry(v, "2026-11-30T00:00:00Z", name + "-v-" + v, 1L));
      this.versions.put(namespace + "/" + name + "/" + v, new TemplateVersion(name, v, parameters));
    }
    status.setVersions(entries);
    status.setLatestVersion(versions.length == 0 ? null : versions[versions.length - 1]);
    t.setStatus(status);
    templates.put(namespace + "/" + name, t);
    return t;
  }

  public void forgetSnapshot(String namespace, String name, String version) {
    versions.remove(namespace + "/" + name + "/" + version);
  }

  public Workspace workspace(String namespace, String name, String uid, String owner) {
    Workspace ws = new Workspace();
    ws.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).withUid(uid).build());
    WorkspaceSpec spec = new WorkspaceSpec();
    spec.setOwner(owner);
    ws.setSpec(spec);
    workspaces.put(namespace + "/" + name, ws);
    return ws;
  }

  public void pod(String namespace, String name, Map<String, String> labels) {
    pods.put(namespace + "/" + name, labels);
  }

  /** A Service with this selector; an empty map for a Service without one. */
  public void service(String namespace, String name, Map<String, String> selector) {
    services.put(namespace + "/" + name, selector);
  }

  @Override
  public Optional<Template> template(String namespace, String name) {
    return Optional.ofNullable(templates.get(namespace + "/" + name));
  }

  @Override
  public Optional<TemplateVersion> templateVersion(String namespace, String template, String version) {
    return Optional.ofNullable(versions.get(namespace + "/" + template + "/" + version));
  }

  @Override
  public Optional<Workspace> workspace(String namespace, String name) {
    return Optional.ofNullable(workspaces.get(namespace + "/" + name));
  }

  @Override
  public Optional<Workspace> workspaceByUid(String uid) {
    return workspaces.values().stream().filter(w -> uid.equals(w.getMetadata().getUid())).findFirst();
  }

  @Override
  public Optional<Map<String, String>> workspacePodLabels(String namespace, String pod) {
    return Optional.ofNullable(pods.get(namespace + "/" + pod));
  }

  @Override
  public List<Map<String, String>> workspacePodsIn(String namespace) {
    return pods.entrySet().stream().filter(e -> e.getKey().startsWith(namespace + "/")).map(Map.Entry::getValue)
        .toList();
  }

  @Override
  public Optional<Map<String, String>> serviceSelector(String namespace, String service) {
    return Optional.ofNullable(services.get(namespace + "/" + service));
  }

  @Override
  public boolean synced() {
    return true;
  }
}
