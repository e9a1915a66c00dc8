package dev.kubicle.operator.k3s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.operator.KubicleOperator;
import dev.kubicle.operator.OperatorConfig;
import dev.kubicle.operator.support.OperatorHarness;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The same create → Running → stop → delete scenario as against the mock API, but on a real k3s with real Terraform
 * Jobs. Needs a Docker engine (and the images from their registries); without one it is skipped.
 */
@Testcontainers(disabledWithoutDocker = true)
class K3sWorkspaceTest {
  private static final String NS = "default";
  /** A template that needs no image of ours: ConfigMaps stand in for compute (per start) and a volume (kept). */
  private static final String MAIN_TF = """
      variable "kubicle_workspace_name" { type = string }
      variable "kubicle_start_count" { type = number }
      resource "kubernetes_config_map" "home" {
        metadata { name = "${var.kubicle_workspace_name}-home" }
        data = { kept = "across stops" }
      }
      resource "kubernetes_config_map" "compute" {
        count = var.kubicle_start_count
        metadata { name = "${var.kubicle_workspace_name}-compute" }
        data = { running = "yes" }
      }
      output "home" { value = kubernetes_config_map.home.metadata[0].name }
      """;

  @Container
  static final K3sContainer K3S = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.4-k3s1"));

  @Test
  void workspaceRunsStopsAndIsDestroyedOnARealCluster() throws IOException {
    try (KubernetesClient client = new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(K3S.getKubeConfigYaml())).build()) {
      installCrds(client);
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("kubicle-test").endMetadata()
          .build()).createOr(op -> op.update());
      // A real API server: server-side apply on, echo off, as in production.
      OperatorConfig config = OperatorConfig.fromEnvironment(Map.of("KUBICLE_HTTP_PORT", "0"));
      try (KubicleOperator operator = new KubicleOperator(client, config, Clock.systemUTC(), null,
          dev.kubicle.operator.support.TempStore.open())) {
        operator.start();
        Template template = OperatorHarness.terraformTemplate("configmaps");
        template.getSpec().setFiles(Map.of("main.tf", MAIN_TF));
        template.getSpec().setParameters(java.util.List.of());
        client.resource(template).create();
        client.resource(OperatorHarness.workspace("k3s-dev", "configmaps", Map.of())).create();

        Workspace running = awaitPhase(client, "k3s-dev", WorkspacePhase.Running);
        assertThat(running.getStatus().getOutputs()).containsEntry("home", "k3s-dev-home");
        assertThat(client.configMaps().inNamespace(NS).withName("k3s-dev-compute").get()).isNotNull();

        client.resources(Workspace.class).inNamespace(NS).withName("k3s-dev").edit(ws -> {
          ws.getSpec().setRunning(false);
          return ws;
        });
        awaitPhase(client, "k3s-dev", WorkspacePhase.Stopped);
        assertThat(client.configMaps().inNamespace(NS).withName("k3s-dev-compute").get()).isNull();
        assertThat(client.configMaps().inNamespace(NS).withName("k3s-dev-home").get()).isNotNull();

        client.resources(Workspace.class).inNamespace(NS).withName("k3s-dev").delete();
        await().atMost(Duration.ofMinutes(5)).until(() ->
            client.resources(Workspace.class).inNamespace(NS).withName("k3s-dev").get() == null);
        assertThat(client.configMaps().inNamespace(NS).withName("k3s-dev-home").get()).isNull();
      }
    }
  }

  private static Workspace awaitPhase(KubernetesClient client, String name, WorkspacePhase phase) {
    await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> {
      Workspace ws = client.resources(Workspace.class).inNamespace(NS).withName(name).get();
      return ws != null && ws.getStatus() != null && ws.getStatus().getPhase() == phase;
    });
    return client.resources(Workspace.class).inNamespace(NS).withName(name).get();
  }

  private static void installCrds(KubernetesClient client) throws IOException {
    Path generated = Path.of("").toAbsolutePath().getParent().resolve("crds/generated");
    try (Stream<Path> files = Files.list(generated)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        try (var in = Files.newInputStream(file)) {
          client.load(in).createOrReplace();
        }
      }
    }
  }
}
