package dev.kubicle.webhook.rules;

import static dev.kubicle.webhook.rules.Texts.quote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.webhook.admission.AdmissionRequest;
import dev.kubicle.webhook.admission.AdmissionRequest.Operation;
import dev.kubicle.webhook.admission.AdmissionRule;
import dev.kubicle.webhook.admission.Decision;
import dev.kubicle.webhook.admission.Identities;
import dev.kubicle.webhook.cluster.ClusterView;
import java.util.Optional;

/**
 * Validating, fail closed, Workspace and AgentTask: who may create one for whom, that the owner never changes, that
 * only the owner (or an admin, or Kubicle) changes or deletes it, and that a task works only in its owner's workspace.
 */
public final class Ownership implements AdmissionRule {
  private final Identities identities;
  private final ClusterView cluster;

  public Ownership(Identities identities, ClusterView cluster) {
    this.identities = identities;
    this.cluster = cluster;
  }

  @Override
  public Decision review(AdmissionRequest request) {
    String noun = request.kind().equals("AgentTask") ? "task" : "workspace";
    return switch (request.operation()) {
      case CREATE -> create(request, noun);
      case UPDATE -> update(request, noun);
      case DELETE -> delete(request, noun);
      case CONNECT -> Decision.allow();
    };
  }

  private Decision create(AdmissionRequest request, String noun) {
    String owner = Manifests.owner(request.object());
    if (owner == null) {
      return Decision.forbid("spec.owner: is required; the owner webhook fills it from the requesting user, so "
          + "set it, or check that the mutating webhook is installed");
    }
    String user = request.user().username();
    if (!owner.equals(user) && !identities.isPrivileged(request.user())) {
      return Decision.forbid("spec.owner: " + quote(owner) + " is not you (" + quote(user) + "): only admins and "
          + "Kubicle may create a " + noun + " for another user; leave spec.owner out to own it yourself");
    }
    return request.kind().equals("AgentTask") ? taskWorkspace(request, owner) : Decision.allow();
  }

  private Decision update(AdmissionRequest request, String noun) {
    String before = Manifests.owner(request.oldObject());
    String after = Manifests.owner(request.object());
    if (before != null && !before.equals(after)) {
      return Decision.forbid("spec.owner: cannot change after create (it is " + quote(before) + ", the update says "
          + (after == null ? "nothing" : quote(after)) + "); create a new " + noun + " for another owner");
    }
    if (before == null && after != null && !identities.isPrivileged(request.user())) {
      return Decision.forbid("spec.owner: " + noun + " " + quote(Manifests.name(request.oldObject()))
          + " has no owner; only admins and Kubicle may assign one");
    }
    if (request.kind().equals("AgentTask") && Manifests.changed(request.oldObject(), request.object(), "/spec/workspace")) {
      return Decision.forbid("spec.workspace: cannot change after create (it is "
          + quote(request.oldObject().path("spec").path("workspace").asText()) + "); create a new task instead");
    }
    return ownerOnly(request, before, noun, "change");
  }

  private Decision delete(AdmissionRequest request, String noun) {
    return ownerOnly(request, Manifests.owner(request.oldObject()), noun, "delete");
  }

  private Decision ownerOnly(AdmissionRequest request, String owner, String noun, String verb) {
    if (request.user().username().equals(owner) || identities.isPrivileged(request.user())
        || identities.isClusterController(request.user())) {
      return Decision.allow();
    }
    String name = Manifests.name(request.oldObject().isMissingNode() ? request.object() : request.oldObject());
    return Decision.forbid("only the owner (" + (owner == null ? "none" : quote(owner)) + "), admins and Kubicle "
        + "may " + verb + " " + noun + " " + quote(name.isEmpty() ? request.name() : name) + "; you are "
        + quote(request.user().username()));
  }

  private Decision taskWorkspace(AdmissionRequest request, String owner) {
    JsonNode workspace = request.object().path("spec").path("workspace");
    if (!workspace.isTextual() || workspace.asText().isBlank()) {
      return Decision.forbid("spec.workspace: is required: name a Workspace in this namespace that "
          + quote(owner) + " owns");
    }
    Optional<Workspace> found = cluster.workspace(request.namespace(), workspace.asText());
    if (found.isEmpty()) {
      return Decision.forbid("spec.workspace: Workspace " + quote(workspace.asText()) + " not found in namespace "
          + quote(request.namespace()));
    }
    String workspaceOwner = found.get().getSpec() == null ? null : found.get().getSpec().getOwner();
    if (!owner.equals(workspaceOwner)) {
      return Decision.forbid("spec.workspace: Workspace " + quote(workspace.asText()) + " belongs to "
          + (workspaceOwner == null ? "nobody" : quote(workspaceOwner)) + ", not to the task's owner " + quote(owner));
    }
    return Decision.allow();
  }
}
