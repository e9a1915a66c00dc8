package dev.kubicle.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.kubicle.operator.support.Repository;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The WireGuard gateway's part of the chart, rendered by Helm itself. */
class GatewayChartTest {
  private static final Path CHART = Repository.root().resolve("helm/kubicle");
  private static final String NAME = "kubicle-gateway";

  @Test
  void theGatewayIsOptIn() {
    assertThat(render(UnaryOperator.identity())).noneMatch(o -> o.getMetadata().getName().startsWith(NAME));
    assertThat(render(on())).filteredOn(o -> o.getMetadata().getName().startsWith(NAME)).isNotEmpty();
  }

  @Test
  void onlyTheGatewayGetsNetAdminAndNothingElse() {
    List<HasMetadata> objects = render(on());

    Deployment gateway = one(objects, Deployment.class, NAME);
    PodSpec pod = gateway.getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().get(0);
    assertThat(gateway.getSpec().getReplicas()).isEqualTo(1);
    assertThat(container.getArgs()).containsExactly("gateway");
    assertThat(container.getSecurityContext().getCapabilities().getAdd()).containsExactly("NET_ADMIN");
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getSecurityContext().getSysctls()).singleElement()
        .satisfies(s -> assertThat(s.getName() + "=" + s.getValue()).isEqualTo("net.ipv4.ip_forward=1"));
    assertThat(pod.getVolumes()).noneMatch(v -> v.getHostPath() != null);
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    for (Deployment other : all(objects, Deployment.class)) {
      if (!other.getMetadata().getName().equals(NAME)) {
        other.getSpec().getTemplate().getSpec().getContainers().forEach(c ->
            assertThat(c.getSecurityContext().getCapabilities().getAdd()).as(other.getMetadata().getName())
                .isNullOrEmpty());
      }
    }
  }

  @Test
  void theKeySecretIsMountedAndSettingsComeFromValues() {
    List<HasMetadata> objects = render(t -> on().apply(t).set("gateway.listenPort", "51999")
        .set("gateway.overlayCidr", "100.80.0.0/12").set("gateway.tun.mount", "true")
        .set("gateway.endpoint", "vpn.example.com:51999").set("gateway.sysctls", "null"));

    Deployment gateway = one(objects, Deployment.class, NAME);
    PodSpec pod = gateway.getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes()).filteredOn(v -> v.getSecret() != null).singleElement().satisfies(v -> {
      assertThat(v.getSecret().getSecretName()).isEqualTo("kubicle-gateway-key");
      assertThat(v.getSecret().getItems()).singleElement().satisfies(i -> assertThat(i.getKey()).isEqualTo("privateKey"));
      assertThat(v.getSecret().getDefaultMode()).isEqualTo(0400);
    });
    assertThat(pod.getVolumes()).filteredOn(v -> v.getHostPath() != null).extracting(v -> v.getHostPath().getPath())
        .containsExactly("/dev/net/tun");
    assertThat(pod.getSecurityContext().getSysctls()).isNullOrEmpty();
    Map<String, String> env = env(gateway);
    assertThat(env).containsEntry("KUBICLE_GATEWAY_LISTEN_PORT", "51999")
        .containsEntry("KUBICLE_OVERLAY_CIDR", "100.80.0.0/12")
        .containsEntry("KUBICLE_GATEWAY_PRIVATE_KEY_FILE", "/etc/kubicle/gateway-key/privateKey");
    assertThat(env(one(objects, Deployment.class, "kubicle"))).as("the operator renders device configs")
        .containsEntry("KUBICLE_GATEWAY_ENDPOINT", "vpn.example.com:51999")
        .containsEntry("KUBICLE_OVERLAY_CIDR", "100.80.0.0/12");
    Service service = one(objects, Service.class, NAME);
    assertThat(service.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getProtocol()).isEqualTo("UDP");
      assertThat(p.getTargetPort().getStrVal()).isEqualTo("wireguard");
    });
    assertThat(service.getSpec().getSelector()).containsEntry("app.kubernetes.io/component", "gateway");
  }

  @Test
  void rbacOnlyReadsWorkspacesPodsAndConfigMapsOfTheReleaseNamespace() {
    List<HasMetadata> objects = render(on());

    ClusterRole role = one(objects, ClusterRole.class, NAME);
    assertThat(role.getRules()).allSatisfy(r -> assertThat(r.getVerbs()).containsExactly("get", "list", "watch"));
    assertThat(role.getRules()).flatExtracting(PolicyRule::getResources).containsExactlyInAnyOrder("workspaces",
        "pods");
    Role devices = one(objects, Role.class, NAME + "-devices");
    assertThat(devices.getMetadata().getNamespace()).isEqualTo("kubicle-system");
    assertThat(devices.getRules()).singleElement().satisfies(r -> {
      assertThat(r.getResources()).containsExactly("configmaps");
      assertThat(r.getVerbs()).containsExactly("get", "list", "watch");
    });
    assertThat(one(objects, ClusterRoleBinding.class, NAME).getSubjects()).singleElement()
        .satisfies(s -> assertThat(s.getName()).isEqualTo(NAME));
    assertThat(one(objects, ServiceAccount.class, NAME)).isNotNull();
    assertThat(all(objects, Role.class)).filteredOn(r -> r.getMetadata().getName().startsWith(NAME))
        .flatExtracting(Role::getRules).flatExtracting(PolicyRule::getResources).doesNotContain("secrets");
  }

  @Test
  void withWatchNamespacesTheGatewayReadsOnlyThose() {
    List<HasMetadata> objects = render(t -> on().apply(t).set("watchNamespaces[0]", "team-a"));

    assertThat(all(objects, ClusterRoleBinding.class)).noneMatch(b -> b.getRoleRef().getName().equals(NAME));
    assertThat(all(objects, RoleBinding.class)).filteredOn(b -> b.getRoleRef().getName().equals(NAME))
        .extracting(b -> b.getMetadata().getNamespace()).containsExactly("team-a");
    assertThat(env(one(objects, Deployment.class, NAME))).containsEntry("KUBICLE_WATCH_NAMESPACES", "team-a");
  }

  private static UnaryOperator<TemplateCommand> on() {
    return t -> t.set("gateway.enabled", "true");
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

  private static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
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
}
