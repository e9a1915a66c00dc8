package dev.kubicle.webhook.rules;

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
 * Validating, fail closed: services/proxy (CONNECT, whatever the HTTP verb behind it), which the API server forwards
 * to one of the Service's endpoints. A Service that selects Kubicle pods is reachable only by whoever may reach every
 * one of them (see {@link PodConnectGuard}). A Service without a selector has hand-written endpoints, which may be
 * any workspace pod's address in any namespace: for admins and Kubicle only. A Service not yet in the cache is
 * refused in a namespace that holds Kubicle pods. Other Services pass.
 */
public final class ServiceProxyGuard implements AdmissionRule {
  private final Identities identities;
  private final ClusterView cluster;

  public ServiceProxyGuard(Identities identities, ClusterView cluster) {
    this.identities = identities;
    this.cluster = cluster;
  }

  @Override
  public Decision review(AdmissionRequest request) {
    if (!request.resource().equals("services") || request.operation() != Operation.CONNECT) {
      return Decision.allow();
    }
    if (identities.isPrivileged(request.user())) {
      return Decision.allow();
    }
    String service = WorkspacePodAccess.proxiedName(request.name());
    String what = request.resourcePath() + " to " + request.namespace() + "/" + service + " is not allowed: ";
    Optional<Map<String, String>> selector = cluster.serviceSelector(request.namespace(), service);
    List<Map<String, String>> kubiclePods = cluster.workspacePodsIn(request.namespace());
    if (selector.isPresent() && selector.get().isEmpty()) {
      return Decision.forbid(what + "it has no selector, so its endpoints may be any pod's address, a workspace "
          + "pod's included; only admins and Kubicle may proxy through it");
    }
    if (selector.isEmpty()) {
      return kubiclePods.isEmpty() ? Decision.allow() : Decision.forbid(what + "the webhook does not know this "
          + "Service yet, and namespace " + request.namespace() + " holds Kubicle workspace pods; try again shortly");
    }
    for (Map<String, String> pod : kubiclePods) {
      if (pod.entrySet().containsAll(selector.get().entrySet())) {
        Decision verdict = WorkspacePodAccess.decide(cluster, request.user(), what, pod);
        if (!verdict.allowed()) {
          return verdict;
        }
      }
    }
    return Decision.allow();
  }
}
