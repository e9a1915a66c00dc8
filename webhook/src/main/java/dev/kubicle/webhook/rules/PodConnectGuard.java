package dev.kubicle.webhook.rules;

import static dev.kubicle.webhook.rules.Texts.quote;

import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.webhook.admission.AdmissionRequest;
import dev.kubicle.webhook.admission.AdmissionRequest.Operation;
import dev.kubicle.webhook.admission.AdmissionRule;
import dev.kubicle.webhook.admission.Decision;
import dev.kubicle.webhook.admission.Identities;
import dev.kubicle.webhook.cluster.ClusterView;
import java.util.Map;
import java.util.Optional;

/**
 * Validating, fail closed, pods/exec and pods/attach: a workspace's pods take a shell only from the workspace's
 * owner, admins and Kubicle. Terraform runner pods (which hold the runner's credentials) only from admins and Kubicle.
 * Pods without Kubicle's workspace label are not Kubicle's business and pass.
 */
public final class PodConnectGuard implements AdmissionRule {
  static final String WORKSPACE_UID = "kubicle.dev/workspace-uid";
  static final String COMPONENT = "app.kubernetes.io/component";
  static final String RUNNER = "terraform-runner";

  private final Identities identities;
  private final ClusterView cluster;

  public PodConnectGuard(Identities identities, ClusterView cluster) {
    this.identities = identities;
    this.cluster = cluster;
  }

  @Override
  public Decision review(AdmissionRequest request) {
    if (request.operation() != Operation.CONNECT || !request.resource().equals("pods")) {
      return Decision.allow();
    }
    Optional<Map<String, String>> labels = cluster.workspacePodLabels(request.namespace(), request.name());
    if (labels.isEmpty() || identities.isPrivileged(request.user())) {
      return Decision.allow();
    }
    String what = "pods/" + request.subResource() + " into " + request.namespace() + "/" + request.name()
        + " is not allowed: ";
    String uid = labels.get().get(WORKSPACE_UID);
    Optional<Workspace> workspace = cluster.workspaceByUid(uid);
    String wsName = workspace.map(w -> quote(w.getMetadata().getName())).orElse("(uid " + uid + ")");
    if (RUNNER.equals(labels.get().get(COMPONENT))) {
      return Decision.forbid(what + "it runs Terraform for workspace " + wsName + " with the runner's credentials; "
          + "only admins and Kubicle may use it");
    }
    if (workspace.isEmpty()) {
      return Decision.forbid(what + "it belongs to a Kubicle workspace (uid " + uid + ") that no longer exists; "
          + "only admins and Kubicle may use it");
    }
    String owner = workspace.get().getSpec() == null ? null : workspace.get().getSpec().getOwner();
    if (request.user().username().equals(owner)) {
      return Decision.allow();
    }
    return Decision.forbid(what + "it belongs to workspace " + wsName + ", owned by "
        + (owner == null ? "nobody" : quote(owner)) + "; only the owner, admins and Kubicle may use it");
  }
}
