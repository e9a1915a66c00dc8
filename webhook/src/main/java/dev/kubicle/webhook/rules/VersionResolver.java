package dev.kubicle.webhook.rules;

import static dev.kubicle.webhook.rules.Texts.quote;

import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateRef;
import dev.kubicle.api.v1alpha1.TemplateStatus;
import dev.kubicle.api.v1alpha1.TemplateVersionEntry;
import dev.kubicle.api.validation.Problem;
import dev.kubicle.webhook.cluster.ClusterView;
import dev.kubicle.webhook.cluster.TemplateVersion;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Finds the template version a Workspace would build, as the operator does: the pinned version, else the latest.
 * A missing Template or pinned version is a problem; a version the operator has not snapshotted yet is only a warning.
 */
final class VersionResolver {
  private final ClusterView cluster;

  VersionResolver(ClusterView cluster) {
    this.cluster = cluster;
  }

  /** Exactly one of the three is set, except when nothing is known yet (all empty is impossible: see warning). */
  record Resolution(Optional<Template> template, Optional<TemplateVersion> version, Optional<Problem> problem,
      Optional<String> warning) {}

  Resolution resolve(String namespace, TemplateRef ref) {
    if (ref == null || ref.getName() == null || ref.getName().isBlank()) {
      return problem(null, new Problem("spec.template.name", "is required: name the Template to build"));
    }
    String name = ref.getName();
    Optional<Template> template = cluster.template(namespace, name);
    if (template.isEmpty()) {
      return problem(null, new Problem("spec.template.name", "Template " + quote(name) + " not found in namespace "
          + quote(namespace) + "; create it first or fix the name"));
    }
    TemplateStatus status = template.get().getStatus();
    String pinned = ref.getVersion();
    String version;
    if (pinned != null && !pinned.isBlank()) {
      boolean listed = status != null && status.getVersions() != null
          && status.getVersions().stream().anyMatch(v -> pinned.equals(v.getVersion()));
      if (!listed) {
        String known = status == null || status.getVersions() == null ? "" : status.getVersions().stream()
            .map(TemplateVersionEntry::getVersion).collect(Collectors.joining(", "));
        return problem(template.get(), new Problem("spec.template.version", "Template " + quote(name)
            + " has no version " + quote(pinned) + "; known versions: " + (known.isEmpty() ? "none yet" : known)));
      }
      version = pinned;
    } else {
      version = status == null ? null : status.getLatestVersion();
      if (version == null) {
        return warning(template.get(), "Template " + quote(name) + " has no valid version yet, so spec.parameters "
            + "were not checked; the operator checks them before the first build (kubectl describe tpl " + name + ")");
      }
    }
    Optional<TemplateVersion> snapshot = cluster.templateVersion(namespace, name, version);
    if (snapshot.isEmpty()) {
      return warning(template.get(), "the snapshot of Template " + quote(name) + " version " + version
          + " is not available yet, so spec.parameters were not checked; the operator checks them before the build");
    }
    return new Resolution(template, snapshot, Optional.empty(), Optional.empty());
  }

  private static Resolution problem(Template template, Problem problem) {
    return new Resolution(Optional.ofNullable(template), Optional.empty(), Optional.of(problem), Optional.empty());
  }

  private static Resolution warning(Template template, String warning) {
    return new Resolution(Optional.of(template), Optional.empty(), Optional.empty(), Optional.of(warning));
  }
}
