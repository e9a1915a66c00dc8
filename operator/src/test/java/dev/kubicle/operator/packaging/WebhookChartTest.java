package dev.kubicle.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The admission webhook's part of the chart, rendered by Helm itself. */
class WebhookChartTest {
  private static final Path CHART = chart();
  private static final String NAME = "kubicle-webhook";

  @Test
  void chartWithTheWebhookLintsWithoutErrors() {
    LintResult result = new Helm(CHART).lint().strict().call();

    assertThat(result.isFailed()).as("helm lint: %s", result.getMessages()).isFalse();
  }

  @Test
  void webhookRunsInItsOwnHardenedContainerWithTwoReplicasAndABudget() {
    List<HasMetadata> objects = render(UnaryOperator.identity());
    Deployment deployment = webhookDeployment(objects);

    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container webhook = pod.getContainers().get(0);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(pod.getServiceAccountName()).isEqualTo(NAME);
    assertThat(webhook.getName()).isEqualTo("webhook");
    assertThat(webhook.getImage()).startsWith("ghcr.io/kubicle-dev/kubicle-webhook:");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(webhook.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(webhook.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(webhook.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(webhook.getReadinessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
    assertThat(webhook.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(one(objects, PodDisruptionBudget.class).getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    Service service = one(objects, Service.class, NAME);
    assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(443));
  }

  @Test
  void kubicleIsTheOperatorsServiceAccountAndAdminsAreConfigurable() {
    Map<String, String> byDefault = env(webhookDeployment(render(UnaryOperator.identity())));
    Map<String, String> custom = env(webhookDeployment(render(t -> t
        .set("webhook.adminUsers[0]", "system:serviceaccount:argocd:argocd-application-controller")
        .set("webhook.kubicleUsers[0]", "system:serviceaccount:kubicle-system:console"))));

    assertThat(byDefault)
        .containsEntry("KUBICLE_WEBHOOK_KUBICLE_USERS", "system:serviceaccount:kubicle-system:kubicle")
        .containsEntry("KUBICLE_WEBHOOK_ADMIN_GROUPS", "system:masters,kubicle:admins")
        .containsEntry("KUBICLE_WEBHOOK_SERVICE", NAME)
        .containsEntry("KUBICLE_WEBHOOK_CERT_SOURCE", "self")
        .containsEntry("KUBICLE_WEBHOOK_SECRET", NAME + "-tls");
    assertThat(custom)
        .containsEntry("KUBICLE_WEBHOOK_ADMIN_USERS", "system:serviceaccount:argocd:argocd-application-controller")
        .containsEntry("KUBICLE_WEBHOOK_KUBICLE_USERS", "system:serviceaccount:kubicle-system:console");
  }

  @Test
  void ownershipFailsClosedAndConvenienceFailsOpen() {
    List<HasMetadata> objects = render(UnaryOperator.identity());
    Map<String, ValidatingWebhook> validating = one(objects, ValidatingWebhookConfiguration.class).getWebhooks()
        .stream().collect(Collectors.toMap(ValidatingWebhook::getName, w -> w));
    Map<String, MutatingWebhook> mutating = one(objects, MutatingWebhookConfiguration.class).getWebhooks()
        .stream().collect(Collectors.toMap(MutatingWebhook::getName, w -> w));

    assertThat(validating.get("ownership.kubicle.dev").getFailurePolicy()).isEqualTo("Fail");
    assertThat(validating.get("ownership.kubicle.dev").getRules().get(0).getResources())
        .containsExactly("workspaces", "agenttasks");
    assertThat(validating.get("ownership.kubicle.dev").getRules().get(0).getOperations())
        .containsExactly("CREATE", "UPDATE", "DELETE");
    assertThat(validating.get("pod-connect.kubicle.dev").getFailurePolicy()).isEqualTo("Fail");
    assertThat(validating.get("pod-connect.kubicle.dev").getRules()).hasSize(2);
    assertThat(validating.get("pod-connect.kubicle.dev").getRules().get(0).getResources())
        .containsExactly("pods/exec", "pods/attach", "pods/portforward", "pods/proxy");
    assertThat(validating.get("pod-connect.kubicle.dev").getRules().get(0).getOperations()).containsExactly("CONNECT");
    // kubectl debug: an update of the ephemeralcontainers subresource, which carries the pod.
    assertThat(validating.get("pod-connect.kubicle.dev").getRules().get(1).getApiGroups()).containsExactly("");
    assertThat(validating.get("pod-connect.kubicle.dev").getRules().get(1).getResources())
        .containsExactly("pods/ephemeralcontainers");
    assertThat(validating.get("pod-connect.kubicle.dev").getRules().get(1).getOperations()).containsExactly("UPDATE");
    // Issue 13, hole 7: proxies to workspace pods and their Services, unguarded before (no rule listed them).
    assertThat(validating.get("service-proxy.kubicle.dev").getFailurePolicy()).isEqualTo("Fail");
    assertThat(validating.get("service-proxy.kubicle.dev").getClientConfig().getService().getPath())
        .isEqualTo("/validate/service-proxy");
    assertThat(validating.get("service-proxy.kubicle.dev").getRules()).singleElement().satisfies(rule -> {
      assertThat(rule.getApiGroups()).containsExactly("");
      assertThat(rule.getResources()).containsExactly("services/proxy");
      assertThat(rule.getOperations()).containsExactly("CONNECT");
    });
    // Status only from Kubicle (issue 13): subresources are matched only when listed.
    assertThat(validating.get("status.kubicle.dev").getFailurePolicy()).isEqualTo("Fail");
    assertThat(validating.get("status.kubicle.dev").getClientConfig().getService().getPath())
        .isEqualTo("/validate/status");
    assertThat(validating.get("status.kubicle.dev").getRules()).singleElement().satisfies(rule -> {
      assertThat(rule.getApiGroups()).containsExactly("kubicle.dev");
      assertThat(rule.getResources()).containsExactly("workspaces/status", "agenttasks/status", "templates/status");
      assertThat(rule.getOperations()).containsExactly("UPDATE");
    });
    assertThat(mutating.get("owner.kubicle.dev").getFailurePolicy()).isEqualTo("Fail");
    for (String convenience : List.of("templates.kubicle.dev", "workspaces.kubicle.dev", "agenttasks.kubicle.dev")) {
      assertThat(validating.get(convenience).getFailurePolicy()).as(convenience).isEqualTo("Ignore");
    }
    assertThat(mutating.get("workspace-defaults.kubicle.dev").getFailurePolicy()).isEqualTo("Ignore");
  }

  @Test
  void everyWebhookIsSideEffectFreeQuickV1AndLeavesSystemNamespacesAlone() {
    List<HasMetadata> objects = render(UnaryOperator.identity());
    List<Object> webhooks = new ArrayList<>(one(objects, ValidatingWebhookConfiguration.class).getWebhooks());
    webhooks.addAll(one(objects, MutatingWebhookConfiguration.class).getWebhooks());

    assertThat(webhooks).hasSize(9).allSatisfy(w -> {
      var hook = Serialization.jsonMapper().valueToTree(w);
      assertThat(hook.path("sideEffects").asText()).isEqualTo("None");
      assertThat(hook.path("admissionReviewVersions").toString()).isEqualTo("[\"v1\"]");
      assertThat(hook.path("timeoutSeconds").asInt()).isBetween(1, 10);
      assertThat(hook.path("clientConfig").path("service").path("name").asText()).isEqualTo(NAME);
      assertThat(hook.path("clientConfig").has("caBundle")).as("filled in by the webhook, not by Helm").isFalse();
      LabelSelectorRequirement excluded = Serialization.jsonMapper().convertValue(
          hook.path("namespaceSelector").path("matchExpressions").get(0), LabelSelectorRequirement.class);
      assertThat(excluded.getKey()).isEqualTo("kubernetes.io/metadata.name");
      assertThat(excluded.getOperator()).isEqualTo("NotIn");
      assertThat(excluded.getValues()).contains("kube-system", "kube-public", "kube-node-lease", "kubicle-system");
    });
  }

  @Test
  void withWatchNamespacesTheWebhooksSeeOnlyThose() {
    List<HasMetadata> objects = render(t -> t.set("watchNamespaces[0]", "team-a"));

    ValidatingWebhook ownership = one(objects, ValidatingWebhookConfiguration.class).getWebhooks().get(0);
    assertThat(ownership.getNamespaceSelector().getMatchExpressions().get(0).getOperator()).isEqualTo("In");
    assertThat(ownership.getNamespaceSelector().getMatchExpressions().get(0).getValues()).containsExactly("team-a");
    assertThat(all(objects, RoleBinding.class)).filteredOn(b -> b.getRoleRef().getName().equals(NAME))
        .extracting(b -> b.getMetadata().getNamespace()).contains("team-a");
    assertThat(all(objects, ClusterRoleBinding.class)).noneMatch(b -> b.getRoleRef().getName().equals(NAME));
  }

  @Test
  void rbacReadsWhatTheCachesNeedAndWritesOnlyItsOwnSecretAndConfigurations() {
    List<HasMetadata> objects = render(UnaryOperator.identity());

    ClusterRole read = one(objects, ClusterRole.class, NAME);
    assertThat(read.getRules()).allSatisfy(rule -> assertThat(rule.getVerbs()).containsExactly("get", "list", "watch"));
    assertThat(read.getRules()).flatExtracting(PolicyRule::getResources)
        .containsExactlyInAnyOrder("templates", "workspaces", "configmaps", "pods", "services");
    ClusterRole inject = one(objects, ClusterRole.class, NAME + "-ca-injection");
    assertThat(inject.getRules()).singleElement().satisfies(rule -> {
      assertThat(rule.getResources()).containsExactlyInAnyOrder("validatingwebhookconfigurations",
          "mutatingwebhookconfigurations");
      assertThat(rule.getResourceNames()).containsExactly(NAME);
      assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "patch", "update");
    });
    Role secret = one(objects, Role.class, NAME);
    assertThat(secret.getRules()).singleElement().satisfies(rule -> {
      assertThat(rule.getResources()).containsExactly("secrets");
      assertThat(rule.getResourceNames()).containsExactly(NAME + "-tls");
      assertThat(rule.getVerbs()).doesNotContain("create", "delete", "list", "watch");
    });
    assertThat(one(objects, Secret.class, NAME + "-tls").getData()).as("the webhook fills it").isNullOrEmpty();
    assertThat(one(objects, ServiceAccount.class, NAME)).isNotNull();
  }

  @Test
  void certManagerIssuesTheCertificateAndInjectsTheCa() {
    List<HasMetadata> objects = render(t -> t.set("webhook.certManager.enabled", "true"));

    assertThat(all(objects, Secret.class)).noneMatch(s -> s.getMetadata().getName().equals(NAME + "-tls"));
    assertThat(all(objects, ClusterRole.class)).noneMatch(r -> r.getMetadata().getName().endsWith("-ca-injection"));
    GenericKubernetesResource certificate = all(objects, GenericKubernetesResource.class).stream()
        .filter(r -> r.getKind().equals("Certificate")).findFirst().orElseThrow();
    assertThat(certificate.get("spec", "secretName").toString()).isEqualTo(NAME + "-tls");
    assertThat(certificate.get("spec", "dnsNames").toString()).contains(NAME + ".kubicle-system.svc");
    assertThat(one(objects, ValidatingWebhookConfiguration.class).getMetadata().getAnnotations())
        .containsEntry("cert-manager.io/inject-ca-from", "kubicle-system/" + NAME);
    assertThat(one(objects, MutatingWebhookConfiguration.class).getMetadata().getAnnotations())
        .containsEntry("cert-manager.io/inject-ca-from", "kubicle-system/" + NAME);
    Deployment deployment = webhookDeployment(objects);
    assertThat(env(deployment)).containsEntry("KUBICLE_WEBHOOK_CERT_SOURCE", "cert-manager");
    assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
        .anySatisfy(v -> assertThat(v.getSecret() == null ? null : v.getSecret().getSecretName()).isEqualTo(NAME + "-tls"));
  }

  @Test
  void disablingTheWebhookRendersNoneOfIt() {
    List<HasMetadata> objects = render(t -> t.set("webhook.enabled", "false"));

    assertThat(objects).noneMatch(o -> o.getMetadata().getName().startsWith(NAME));
    assertThat(all(objects, ValidatingWebhookConfiguration.class)).isEmpty();
  }

  private static Deployment webhookDeployment(List<HasMetadata> objects) {
    return one(objects, Deployment.class, NAME);
  }

  private static List<HasMetadata> render(UnaryOperator<TemplateCommand> values) {
    String manifest = values.apply(new Helm(CHART).template().withName("kubicle").withNamespace("kubicle-system"))
        .call();
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : manifest.split("(?m)^---\\s*$")) {
      if (document.lines().anyMatch(line -> line.startsWith("kind:"))) {
        objects.add(Serialization.unmarshal(document));
      }
    }
    return objects;
  }

  private static <T> List<T> all(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
  }

  private static <T> T one(List<HasMetadata> objects, Class<T> type) {
    List<T> found = all(objects, type);
    assertThat(found).as("rendered %s", type.getSimpleName()).hasSize(1);
    return found.get(0);
  }

  private static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type, String name) {
    List<T> found = all(objects, type).stream().filter(o -> o.getMetadata().getName().equals(name)).toList();
    assertThat(found).as("rendered %s %s", type.getSimpleName(), name).hasSize(1);
    return found.get(0);
  }

  private static Map<String, String> env(Deployment deployment) {
    Map<String, String> env = new TreeMap<>();
    for (EnvVar var : deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
      if (var.getValue() != null) {
        env.put(var.getName(), var.getValue());
      }
    }
    return env;
  }

  private static Path chart() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("helm/kubicle/Chart.yaml"))) {
        return dir.resolve("helm/kubicle");
      }
    }
    throw new IllegalStateException("helm/kubicle/Chart.yaml not found above " + Path.of("").toAbsolutePath());
  }
}
