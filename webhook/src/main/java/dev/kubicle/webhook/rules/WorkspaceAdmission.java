package dev.kubicle.webhook.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateLifecycle;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspaceSpec;
import dev.kubicle.api.v1alpha1.WorkspaceStatus;
import dev.kubicle.api.validation.ParameterValidator;
import dev.kubicle.api.validation.Problem;
import dev.kubicle.api.validation.ValidationResult;
import dev.kubicle.api.validation.WorkspaceScheduleValidator;
import dev.kubicle.webhook.admission.AdmissionRequest;
import dev.kubicle.webhook.admission.AdmissionRequest.Operation;
import dev.kubicle.webhook.admission.AdmissionRule;
import dev.kubicle.webhook.admission.Decision;
import dev.kubicle.webhook.cluster.ClusterView;
import dev.kubicle.webhook.cluster.TemplateVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validating, Workspace: the template exists, parameter values fit the template version (the shared
 * ParameterValidator, with the previous build's values on update), the autostop TTL and autostart schedule parse
 * and the template allows them. On update only what changed is checked, so a template that moved on never blocks
 * stopping, relabelling or deleting a workspace.
 */
public final class WorkspaceAdmission implements AdmissionRule {
  private final VersionResolver resolver;

  public WorkspaceAdmission(ClusterView cluster) {
    this.resolver = new VersionResolver(cluster);
  }

  @Override
  public Decision review(AdmissionRequest request) {
    boolean create = request.operation() == Operation.CREATE;
    if (!create && request.operation() != Operation.UPDATE || Manifests.deleting(request.object())) {
      return Decision.allow();
    }
    JsonNode before = request.oldObject();
    JsonNode after = request.object();
    boolean templateOrValues = create || Manifests.changed(before, after, "/spec/template")
        || Manifests.changed(before, after, "/spec/parameters");
    boolean autostop = create || Manifests.changed(before, after, "/spec/autostop");
    boolean autostart = create || Manifests.changed(before, after, "/spec/autostart");
    if (!templateOrValues && !autostop && !autostart) {
      return Decision.allow();
    }
    WorkspaceSpec spec = Manifests.read(after, Workspace.class).getSpec();
    VersionResolver.Resolution resolution = resolver.resolve(request.namespace(), spec.getTemplate());
    List<Problem> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    if (templateOrValues) {
      resolution.problem().ifPresent(problems::add);
      resolution.warning().ifPresent(warnings::add);
      resolution.version().ifPresent(version -> problems.addAll(
          parameters(version, spec, create ? null : Manifests.readPrevious(before, Workspace.class)).problems()));
    }
    TemplateLifecycle lifecycle = resolution.template().map(Template::getSpec).map(s -> s.getLifecycle()).orElse(null);
    String templateName = spec.getTemplate() == null ? "" : spec.getTemplate().getName();
    problems.addAll(WorkspaceScheduleValidator.validate(spec, lifecycle, templateName, autostop, autostart));
    if (!problems.isEmpty()) {
      return Decision.invalid(ValidationResult.of(problems).summary());
    }
    return Decision.allow(warnings);
  }

  /**
   * The shared check, called the way the operator calls it. On update the previous values are those of the last
   * build (status.parameters); a workspace that never built compares with its old spec, so an immutable value is
   * fixed from create on, as in Coder, rather than from the first build.
   */
  static ValidationResult parameters(TemplateVersion version, WorkspaceSpec spec, Workspace old) {
    return ParameterValidator.validate(version.parameters(), spec.getParameters(), previousValues(version, old));
  }

  static Map<String, String> previousValues(TemplateVersion version, Workspace old) {
    if (old == null) {
      return null;
    }
    WorkspaceStatus status = old.getStatus();
    boolean built = status != null && (status.getTemplateVersion() != null
        || status.getParameters() != null && !status.getParameters().isEmpty());
    if (built) {
      return status.getParameters() == null ? Map.of() : status.getParameters();
    }
    return ParameterValidator.effectiveValues(version.parameters(),
        Optional.ofNullable(old.getSpec()).map(WorkspaceSpec::getParameters).orElse(null));
  }
}
