package dev.kubicle.webhook.rules;

import dev.kubicle.api.v1alpha1.AgentTask;
import dev.kubicle.api.validation.AgentTaskValidator;
import dev.kubicle.api.validation.ValidationResult;
import dev.kubicle.webhook.admission.AdmissionRequest;
import dev.kubicle.webhook.admission.AdmissionRequest.Operation;
import dev.kubicle.webhook.admission.AdmissionRule;
import dev.kubicle.webhook.admission.Decision;

/** Validating, AgentTask: the shared AgentTaskValidator on create and on every spec change. */
public final class AgentTaskAdmission implements AdmissionRule {
  @Override
  public Decision review(AdmissionRequest request) {
    boolean create = request.operation() == Operation.CREATE;
    if (!create && request.operation() != Operation.UPDATE || Manifests.deleting(request.object())) {
      return Decision.allow();
    }
    if (!create && !Manifests.changed(request.oldObject(), request.object(), "/spec")) {
      return Decision.allow();
    }
    ValidationResult result = AgentTaskValidator.validate(Manifests.read(request.object(), AgentTask.class).getSpec());
    return result.isValid() ? Decision.allow() : Decision.invalid(result.summary());
  }
}
