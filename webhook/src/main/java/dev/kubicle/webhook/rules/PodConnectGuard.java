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
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validating, fail closed: everything that reaches into a running pod. That is pods/exec, pods/attach and
 * pods/portforward (CONNECT), and pods/ephemeralcontainers (UPDATE, what {@code kubectl debug} does). A workspace's
 * pods are reachable only by the workspace's owner, admins and Kubicle. Terraform runner pods (which hold the
 * runner's credentials) only by admins and Kubicle. Pods without Kubicle's workspace label are not Kubicle's
 * business and pass.
 */
public final class PodConnectGuard implements AdmissionRule {
  static final String WORKSPACE_UID = "kubicle.dev/workspace-uid";
  static final String COMPONENT = "app.kubernetes.io/component";
  static final String RUNNER = "terraform-runner";
  static final String EPHEMERAL_CONTAINERS = "ephemeralcontainers";

  private final Identities identities;
  private final ClusterView cluster;

  public PodConnectGuard(Identities identities, ClusterView cluster) {
    this.identities = identities;
    this.cluster = cluster;
  }

  @Override
  public Decision review(AdmissionRequest request) {
    if (!request.resource().equals("pods") || !(request.operation() == Operation.CONNECT || debug(request))) {
      return Decision.allow();
    }
    Optional<Map<String, String>> labels = workspacePodLabels(request);
    if (labels.isEmpty() || identities.isPrivileged(request.user())) {
      return Decision.allow();
    }
    String what = request.resourcePath() + " into " + request.namespace() + "/" + request.name() + " is not allowed: ";
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

  /** An update of pods/ephemeralcontainers: adds a container (kubectl debug) to a running pod. */
  private static boolean debug(AdmissionRequest request) {
    return request.operation() == Operation.UPDATE && EPHEMERAL_CONTAINERS.equals(request.subResource());
  }

  /**
   * The pod's labels when it is a workspace pod. A CONNECT carries only the pod's name, so they come from the cache.
   * An ephemeralcontainers update carries the pod itself: the stored pod (oldObject) is authoritative, because this
   * subresource cannot change labels; the cache still counts, so that a pod the review shows without the label but
   * the cache knows as a workspace pod stays guarded.
   */
  private Optional<Map<String, String>> workspacePodLabels(AdmissionRequest request) {
    if (debug(request)) {
      for (JsonNode pod : List.of(request.oldObject(), request.object())) {
        Map<String, String> labels = Manifests.labels(pod);
        if (labels.containsKey(WORKSPACE_UID)) {
          return Optional.of(labels);
        }
      }
    }
    return cluster.workspacePodLabels(request.namespace(), request.name());
  }
}
