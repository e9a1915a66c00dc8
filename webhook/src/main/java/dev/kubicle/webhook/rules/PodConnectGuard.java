package dev.kubicle.webhook.rules;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Validating, fail closed: everything that reaches into a running pod. That is pods/exec, pods/attach,
 * pods/portforward and pods/proxy (CONNECT, whatever the HTTP verb behind it), and pods/ephemeralcontainers (UPDATE,
 * what {@code kubectl debug} does). A workspace's pods are reachable only by the workspace's owner, admins and
 * Kubicle. Terraform runner pods (which hold the runner's credentials) only by admins and Kubicle. Pods without
 * Kubicle's workspace label are not Kubicle's business and pass.
 */
public final class PodConnectGuard implements AdmissionRule {
  static final String WORKSPACE_UID = WorkspacePodAccess.WORKSPACE_UID;
  static final String EPHEMERAL_CONTAINERS = "ephemeralcontainers";
  static final String PROXY = "proxy";

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
    return WorkspacePodAccess.decide(cluster, request.user(), what, labels.get());
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
    String pod = PROXY.equals(request.subResource()) ? WorkspacePodAccess.proxiedName(request.name()) : request.name();
    return cluster.workspacePodLabels(request.namespace(), pod);
  }
}
