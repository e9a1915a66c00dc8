package dev.kubicle.webhook.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubicle.webhook.admission.AdmissionRequest;
import dev.kubicle.webhook.admission.AdmissionRequest.Operation;
import dev.kubicle.webhook.admission.AdmissionRule;
import dev.kubicle.webhook.admission.Decision;
import dev.kubicle.webhook.admission.JsonPatch;

/**
 * Mutating, Workspace and AgentTask: on create, an absent spec.owner becomes the requesting user; on update, a
 * manifest that leaves the owner out (kubectl replace, a GitOps tool) keeps the one already set.
 */
public final class OwnerStamping implements AdmissionRule {
  @Override
  public Decision review(AdmissionRequest request) {
    if (request.operation() != Operation.CREATE && request.operation() != Operation.UPDATE) {
      return Decision.allow();
    }
    JsonNode object = request.object();
    if (Manifests.owner(object) != null) {
      return Decision.allow();
    }
    String owner = request.operation() == Operation.CREATE ? request.user().username()
        : Manifests.owner(request.oldObject());
    if (owner == null || owner.isBlank()) {
      return Decision.allow(); // nothing to stamp; the ownership webhook rejects an owner-less create
    }
    JsonPatch patch = new JsonPatch(Manifests.JSON);
    if (object.path("spec").isObject()) {
      patch.add("/spec/owner", owner);
    } else {
      patch.add("/spec", Manifests.JSON.createObjectNode().put("owner", owner));
    }
    return Decision.patch(patch.operations());
  }
}
