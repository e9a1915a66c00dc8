package dev.kubicle.operator.provision;

import dev.kubicle.operator.kube.Creates;
import dev.kubicle.operator.kube.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gives the Terraform runner its own least-privilege identity in each workspace namespace: a ServiceAccount bound
 * to a Role that covers the state backend (Secrets, Leases) and what the example templates create. Done once per
 * namespace per operator process, so steady-state reconciles cost no API calls.
 */
public class RunnerAccess {
  static final String ROLE = "kubicle-runner";
  private static final List<String> WRITE = List.of("get", "list", "watch", "create", "update", "patch", "delete");

  private final KubernetesClient client;
  private final Set<String> prepared = ConcurrentHashMap.newKeySet();

  public RunnerAccess(KubernetesClient client) {
    this.client = client;
  }

  public void ensure(String namespace) {
    if (prepared.contains(namespace)) {
      return;
    }
    createIfAbsent(new ServiceAccountBuilder()
        .withNewMetadata().withName(RunnerJobFactory.RUNNER_SERVICE_ACCOUNT).withNamespace(namespace)
          .addToLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).endMetadata()
        .build());
    createIfAbsent(new RoleBuilder()
        .withNewMetadata().withName(ROLE).withNamespace(namespace)
          .addToLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).endMetadata()
        .withRules(rules())
        .build());
    createIfAbsent(new RoleBindingBuilder()
        .withNewMetadata().withName(ROLE).withNamespace(namespace)
          .addToLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).endMetadata()
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(ROLE).endRoleRef()
        .addNewSubject().withKind("ServiceAccount").withName(RunnerJobFactory.RUNNER_SERVICE_ACCOUNT)
          .withNamespace(namespace).endSubject()
        .build());
    prepared.add(namespace);
  }

  /** The runner's permissions: namespace-scoped, never cluster-wide, never RBAC itself. */
  static List<PolicyRule> rules() {
    return List.of(
        // The kubernetes backend keeps state in a Secret and locks it with a Lease.
        new PolicyRuleBuilder().withApiGroups("").withResources("secrets").withVerbs(WRITE).build(),
        new PolicyRuleBuilder().withApiGroups("coordination.k8s.io").withResources("leases").withVerbs(WRITE).build(),
        // What workspace templates typically create.
        new PolicyRuleBuilder().withApiGroups("")
            .withResources("pods", "persistentvolumeclaims", "services", "configmaps", "serviceaccounts")
            .withVerbs(WRITE).build(),
        new PolicyRuleBuilder().withApiGroups("apps").withResources("deployments", "statefulsets")
            .withVerbs(WRITE).build());
  }

  private void createIfAbsent(HasMetadata object) {
    Creates.ifAbsent(client, object);
  }

}
