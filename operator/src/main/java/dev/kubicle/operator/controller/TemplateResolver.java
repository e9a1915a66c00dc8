package dev.kubicle.operator.controller;

import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateVersionEntry;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.kube.EventReason;
import dev.kubicle.operator.kube.Names;
import dev.kubicle.operator.template.SnapshotDecoder;
import dev.kubicle.operator.template.TemplateSnapshot;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/** Finds the template version a Workspace builds, from informer caches only. */
public class TemplateResolver {
  private final BiFunction<String, String, Optional<Template>> templates;
  private final BiFunction<String, String, Optional<ConfigMap>> snapshots;
  private final SnapshotDecoder decoder;

  /** Both lookups take (namespace, name). */
  public TemplateResolver(BiFunction<String, String, Optional<Template>> templates,
      BiFunction<String, String, Optional<ConfigMap>> snapshots, SnapshotDecoder decoder) {
    this.templates = templates;
    this.snapshots = snapshots;
    this.decoder = decoder;
  }

  /** The outcome: a snapshot to build, or the reason there is none, in words a user can act on. */
  public record Resolution(Optional<TemplateSnapshot> snapshot, String latestVersion, EventReason failure,
      String message) {
    public boolean resolved() {
      return snapshot.isPresent();
    }
  }

  /** Resolves the version a new build should use: the pinned one, else the newest valid one. */
  public Resolution resolveForNewBuild(Workspace ws) {
    if (ws.getSpec().getTemplate() == null || ws.getSpec().getTemplate().getName() == null
        || ws.getSpec().getTemplate().getName().isBlank()) {
      return failed(null, EventReason.TemplateNotFound, "spec.template.name is required: name the Template to build");
    }
    String namespace = ws.getMetadata().getNamespace();
    String name = ws.getSpec().getTemplate().getName();
    Optional<Template> template = templates.apply(namespace, name);
    if (template.isEmpty()) {
      return failed(null, EventReason.TemplateNotFound,
          "Template \"" + name + "\" not found in namespace " + namespace
              + "; create it or fix spec.template.name");
    }
    var status = template.get().getStatus();
    var unreadable = dev.kubicle.operator.kube.UnreadableResources.why(template.get());
    if (unreadable.isPresent() && status == null) { // with a readable status, its versions still build
      return failed(null, EventReason.TemplateNotFound, "Template \"" + name + "\" cannot be read: "
          + unreadable.get().message());
    }
    String latest = status == null ? null : status.getLatestVersion();
    String pinned = ws.getSpec().getTemplate().getVersion();
    if (pinned != null && !pinned.isBlank()) {
      boolean listed = status != null && status.getVersions().stream().anyMatch(v -> pinned.equals(v.getVersion()));
      if (!listed) {
        String known = status == null ? "" : status.getVersions().stream().map(TemplateVersionEntry::getVersion)
            .collect(Collectors.joining(", "));
        return failed(latest, EventReason.TemplateVersionNotFound, "Template \"" + name + "\" has no version \""
            + pinned + "\" (spec.template.version); known versions: " + (known.isEmpty() ? "none" : known));
      }
      return byVersion(namespace, name, pinned, latest);
    }
    if (latest == null) {
      return failed(null, EventReason.TemplateNotFound, "Template \"" + name
          + "\" has no valid version yet; see its Valid condition (kubectl describe tpl " + name + ")");
    }
    return byVersion(namespace, name, latest, latest);
  }

  /** Resolves a version already recorded in status (an in-flight build, or the one to destroy). */
  public Resolution resolveVersion(Workspace ws, String version) {
    String namespace = ws.getMetadata().getNamespace();
    String name = ws.getSpec().getTemplate() == null ? null : ws.getSpec().getTemplate().getName();
    if (!dev.kubicle.operator.kube.Names.isObjectName(name)) { // edited away since: no snapshot can be named
      return failed(null, EventReason.TemplateNotFound, "spec.template.name is required: name the Template to "
          + "build");
    }
    String latest = templates.apply(namespace, name).map(t -> t.getStatus() == null ? null
        : t.getStatus().getLatestVersion()).orElse(null);
    return byVersion(namespace, name, version, latest);
  }

  private Resolution byVersion(String namespace, String template, String version, String latest) {
    Optional<ConfigMap> snapshot = snapshots.apply(namespace, Names.templateSnapshot(template, version));
    if (snapshot.isEmpty()) {
      return failed(latest, EventReason.TemplateVersionNotFound, "Snapshot of template \"" + template
          + "\" version " + version + " (ConfigMap " + Names.templateSnapshot(template, version) + ") not found");
    }
    try {
      return new Resolution(Optional.of(decoder.decode(snapshot.get())), latest, null, "");
    } catch (IllegalStateException e) { // edited by hand into nonsense: say so on the workspace, build nothing
      return failed(latest, EventReason.MalformedReference, e.getMessage());
    }
  }

  private static Resolution failed(String latest, EventReason reason, String message) {
    return new Resolution(Optional.empty(), latest, reason, message);
  }
}
