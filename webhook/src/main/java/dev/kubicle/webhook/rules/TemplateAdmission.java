package dev.kubicle.webhook.rules;

import dev.kubicle.api.v1alpha1.ProvisionerType;
import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateSpec;
import dev.kubicle.api.validation.TemplateValidator;
import dev.kubicle.api.validation.ValidationResult;
import dev.kubicle.webhook.admission.AdmissionRequest;
import dev.kubicle.webhook.admission.AdmissionRequest.Operation;
import dev.kubicle.webhook.admission.AdmissionRule;
import dev.kubicle.webhook.admission.Decision;
import java.util.List;
import java.util.Set;

/**
 * Validating, Template: the shared TemplateValidator on create and on every spec change. The webhook does not read
 * arbitrary ConfigMaps (that would need read access to all of them and an API call per request), so the files of
 * spec.configMapRef are left to the operator's Valid condition; everything else is checked here.
 */
public final class TemplateAdmission implements AdmissionRule {
  /** Stands for the ConfigMap's files, so the "no Terraform file" rule does not fire on what the webhook cannot see. */
  static final String CONFIG_MAP_FILES = "configmap-files.tf";

  @Override
  public Decision review(AdmissionRequest request) {
    boolean create = request.operation() == Operation.CREATE;
    if (!create && request.operation() != Operation.UPDATE || Manifests.deleting(request.object())) {
      return Decision.allow();
    }
    if (!create && !Manifests.changed(request.oldObject(), request.object(), "/spec")) {
      return Decision.allow();
    }
    TemplateSpec spec = Manifests.read(request.object(), Template.class).getSpec();
    ValidationResult result = TemplateValidator.validate(spec, assumedConfigMapFiles(spec));
    if (!result.isValid()) {
      return Decision.invalid(result.summary());
    }
    if (spec.getConfigMapRef() != null) {
      return Decision.allow(List.of("the files of ConfigMap \"" + spec.getConfigMapRef().getName() + "\" "
          + "(spec.configMapRef) are checked by the operator; see the Template's Valid condition"));
    }
    return Decision.allow();
  }

  private static Set<String> assumedConfigMapFiles(TemplateSpec spec) {
    if (spec.getConfigMapRef() == null) {
      return Set.of();
    }
    return spec.getProvisioner() == ProvisionerType.ECHO ? Set.of(CONFIG_MAP_FILES, "echo.json")
        : Set.of(CONFIG_MAP_FILES);
  }

}
