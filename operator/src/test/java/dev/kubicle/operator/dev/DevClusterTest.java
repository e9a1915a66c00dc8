package dev.kubicle.operator.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class DevClusterTest {

  private DevCluster cluster;

  @TempDir
  Path tmp;

  @BeforeEach
  void startCluster() {
    cluster = DevCluster.startEphemeral();
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Test
  void kubectlAppliesATemplateAndAWorkspace() throws IOException {
    Path binary = Kubectl.onPath().orElse(null);
    assumeTrue(binary != null, "kubectl is not on PATH; skipping the end-to-end check with the real binary");
    Kubectl kubectl = Kubectl.of(binary, cluster.kubeconfigPath(), tmp);
    Path template = fixture("template-hello.yaml");
    Path workspace = fixture("workspace-alice.yaml");

    // create
    kubectl.run("apply", "-f", template.toString(), "-f", workspace.toString()).ok();

    JsonNode list = Serialization.jsonMapper().readTree(kubectl.run("get", "ws", "-o", "json").ok().stdout());
    assertThat(list.path("items")).hasSize(1);
    assertThat(list.path("items").get(0).path("spec").path("parameters").path("cpu").asText()).isEqualTo("2");
    assertThat(kubectl.run("get", "workspaces.kubicle.dev", "alice-dev").ok().stdout()).contains("alice-dev");
    assertThat(kubectl.run("get", "tpl").ok().stdout()).contains("hello");

    // update: kubectl apply takes the patch path once the object exists
    assertThat(kubectl.run("apply", "-f", fixture("workspace-alice-4cpu.yaml").toString()).ok().stdout())
        .contains("workspace.kubicle.dev/alice-dev configured");
    JsonNode updated = Serialization.jsonMapper().readTree(
        kubectl.run("get", "ws", "alice-dev", "-o", "json").ok().stdout());
    assertThat(updated.path("spec").path("parameters").path("cpu").asText()).isEqualTo("4");
    assertThat(updated.path("metadata").path("generation").asLong()).isEqualTo(2);

    // delete
    kubectl.run("delete", "-f", workspace.toString()).ok();
    kubectl.run("delete", "tpl", "hello").ok();
    assertThat(kubectl.run("get", "ws", "-o", "name").ok().stdout()).isBlank();
    assertThat(kubectl.run("get", "tpl", "-o", "name").ok().stdout()).isBlank();
  }

  @Test
  void kubeconfigIsReadableOnlyByItsOwnerAndNamesTheDevContext() throws IOException {
    Path kubeconfig = cluster.kubeconfigPath();

    assertThat(kubeconfig.startsWith(Path.of(System.getProperty("user.home"), ".kubicle"))).isFalse();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kubeconfig))).isEqualTo("rw-------");
    assertThat(Files.readString(kubeconfig))
        .contains("server: " + cluster.url())
        .contains("current-context: kubicle-dev");
  }

  @Test
  void theClientSeesTheDefaultNamespaceAndTheKubicleCrds() {
    assertThat(cluster.client().namespaces().withName("default").get()).isNotNull();
    assertThat(cluster.client().apiextensions().v1().customResourceDefinitions().list().getItems())
        .extracting(crd -> crd.getMetadata().getName())
        .containsExactlyInAnyOrder("templates.kubicle.dev", "workspaces.kubicle.dev", "agenttasks.kubicle.dev");
  }

  @Test
  void discoveryIsServedWithOrWithoutAQueryStringAndWhateverTheAcceptHeader() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (String path : new String[] {"/apis/kubicle.dev/v1alpha1", "/apis/kubicle.dev/v1alpha1?timeout=32s"}) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(cluster.url() + path))
          // what kubectl 1.32 asks first; it falls back when the answer is plain JSON
          .header("Accept", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json")
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
      JsonNode list = Serialization.jsonMapper().readTree(response.body());
      assertThat(list.path("kind").asText()).isEqualTo("APIResourceList");
      assertThat(list.path("resources").findValuesAsText("name"))
          .contains("templates", "templates/status", "workspaces", "workspaces/status", "agenttasks");
      assertThat(list.path("resources").findValues("shortNames").toString())
          .contains("tpl").contains("ws").contains("task");
    }
  }

  @Test
  void anUnknownGroupIsNotFoundRatherThanAListOfEverything() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(cluster.url() + "/apis/example.com/v1")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(404);
  }

  @Test
  void aProtobufBodyIsRefusedWithAnAnswerInsteadOfAHang() throws Exception {
    // kubectl create configmap/secret sends protobuf; the mock would throw on the event loop and never answer.
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(cluster.url() + "/api/v1/namespaces/default/configmaps"))
            .header("Content-Type", "application/vnd.kubernetes.protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0x6b, 0x38, 0x73, 0x00}))
            .timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(response.body()).contains("kubectl apply -f");
  }

  @Test
  void startingOnABusyPortNamesThePortAndHowToChooseAnother() throws IOException {
    try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      int port = busy.getLocalPort();

      assertThatThrownBy(() -> DevCluster.start(port, tmp.resolve("kubeconfig")))
          .isInstanceOf(DevClusterException.class)
          .hasMessageContaining("port " + port)
          .hasMessageContaining("KUBICLE_DEV_PORT");
    }
    assertThat(tmp.resolve("kubeconfig")).doesNotExist();
  }

  private Path fixture(String name) throws IOException {
    Path target = tmp.resolve(name);
    try (InputStream in = getClass().getResourceAsStream("/dev/" + name)) {
      Files.copy(in, target);
    }
    return target;
  }
}
