package dev.kubicle.operator.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubicle.api.v1alpha1.TemplateRef;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.api.v1alpha1.WorkspaceSpec;
import dev.kubicle.api.v1alpha1.WorkspaceStatus;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a newcomer sees with the real kubectl: printer columns, {@code get -w} and {@code wait}. */
@Timeout(120)
class KubectlGetAndWatchTest {

  private static DevCluster cluster;
  private static Kubectl kubectl;

  @TempDir
  static Path tmp;

  @BeforeAll
  static void start() throws IOException {
    Path binary = Kubectl.onPath().orElse(null);
    assumeTrue(binary != null, "kubectl is not on PATH; skipping the checks with the real binary");
    cluster = DevCluster.startEphemeral();
    kubectl = Kubectl.of(binary, cluster.kubeconfigPath(), tmp);
    Path template = tmp.resolve("template-hello.yaml");
    try (InputStream in = KubectlGetAndWatchTest.class.getResourceAsStream("/dev/template-hello.yaml")) {
      Files.copy(in, template);
    }
    kubectl.run("apply", "-f", template.toString()).ok();
  }

  @BeforeEach
  void noWatchIsLeftFromAnEarlierTest() {
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.openHttpWatches() == 0);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void kubectlGetShowsPrinterColumns() {
    create("printed");
    updateStatus("printed", status -> status.setPhase(WorkspacePhase.Running));

    List<String> lines = kubectl.run("get", "ws").ok().stdout().lines().toList();
    assertThat(words(lines.get(0))).containsExactly("NAME", "PHASE", "TEMPLATE", "OWNER", "RUNNING", "DEADLINE", "AGE");
    assertThat(row(lines, "printed")).startsWith("printed", "Running", "hello", "alice");

    List<String> wide = kubectl.run("get", "ws", "-o", "wide").ok().stdout().lines().toList();
    assertThat(words(wide.get(0))).containsExactly(
        "NAME", "PHASE", "TEMPLATE", "OWNER", "RUNNING", "DEADLINE", "OUTDATED", "BUILD", "MESSAGE", "AGE");

    List<String> one = kubectl.run("get", "ws", "printed").ok().stdout().lines().toList();
    assertThat(one).hasSize(2);
    assertThat(words(one.get(1))).startsWith("printed", "Running", "hello", "alice");

    assertThat(words(kubectl.run("get", "tpl").ok().stdout().lines().findFirst().orElseThrow()))
        .containsExactly("NAME", "VALID", "VERSION", "PROVISIONER", "AGE");
    assertThat(words(kubectl.run("get", "ns").ok().stdout().lines().findFirst().orElseThrow()))
        .containsExactly("NAME", "AGE");
  }

  @Test
  void kubectlGetPrintsAgentTaskColumns() throws IOException {
    Path task = tmp.resolve("task.yaml");
    Files.writeString(task, """
        apiVersion: kubicle.dev/v1alpha1
        kind: AgentTask
        metadata:
          name: fix-tests
        spec:
          workspace: printed
          owner: alice
          prompt: make the tests pass
        """);
    kubectl.run("apply", "-f", task.toString()).ok();

    List<String> lines = kubectl.run("get", "task").ok().stdout().lines().toList();
    assertThat(words(lines.get(0))).containsExactly("NAME", "PHASE", "WORKSPACE", "OWNER", "TURNS", "AGE");
    assertThat(row(lines, "fix-tests")).startsWith("fix-tests", "printed", "alice");
  }

  @Test
  void kubectlOutputFormatsStillGetPlainObjects() throws IOException {
    create("plain");

    JsonNode list = Serialization.jsonMapper().readTree(kubectl.run("get", "ws", "-o", "json").ok().stdout());
    assertThat(list.path("kind").asText()).isEqualTo("List");
    assertThat(list.path("items").get(0).path("kind").asText()).isEqualTo("Workspace");
    assertThat(list.path("items").get(0).path("spec").path("owner").asText()).isEqualTo("alice");
    assertThat(kubectl.run("get", "ws", "plain", "-o", "yaml").ok().stdout())
        .contains("kind: Workspace").contains("owner: alice");
    assertThat(kubectl.run("get", "ws", "plain", "-o", "jsonpath={.spec.template.name}").ok().stdout())
        .isEqualTo("hello");
  }

  @Test
  void kubectlGetOfAMissingWorkspaceNamesIt() {
    Kubectl.Result result = kubectl.run("get", "ws", "nope");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr()).contains("workspaces.kubicle.dev \"nope\" not found");
  }

  @Test
  void kubectlWatchSeesAnUpdate() {
    create("watched");
    try (Kubectl.Background watch = kubectl.start(40, "get", "ws", "watched", "-w", "--request-timeout=30s")) {
      await().atMost(Duration.ofSeconds(15)).until(() -> watch.stdout().contains("watched"));
      await().atMost(Duration.ofSeconds(10)).until(() -> cluster.openHttpWatches() == 1);

      updateStatus("watched", status -> status.setPhase(WorkspacePhase.Starting));

      await().atMost(Duration.ofSeconds(15)).until(() -> watch.stdout().lines()
          .anyMatch(line -> line.matches("watched\\s+Starting\\s+hello\\s+alice\\s+\\S+")));
      assertThat(watch.stdout().lines().filter(line -> line.startsWith("watched")))
          .as("the listed object, then the update; not the listed object again").hasSize(2);
      assertThat(watch.stderr()).isEmpty();
    }
    // The stopped kubectl closed its connection, and that ended the watch in the store.
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.openHttpWatches() == 0);
  }

  @Test
  void kubectlWatchByNameOutputSeesAnUpdate() {
    create("named");
    try (Kubectl.Background watch = kubectl.start(40, "get", "ws", "-w", "-o", "name", "--request-timeout=30s")) {
      await().atMost(Duration.ofSeconds(15)).until(() -> watch.stdout().contains("workspace.kubicle.dev/named"));
      await().atMost(Duration.ofSeconds(10)).until(() -> cluster.openHttpWatches() == 1);
      long before = watch.stdout().lines().filter(line -> line.equals("workspace.kubicle.dev/named")).count();

      updateStatus("named", status -> status.setPhase(WorkspacePhase.Running));

      await().atMost(Duration.ofSeconds(15)).until(() -> watch.stdout().lines()
          .filter(line -> line.equals("workspace.kubicle.dev/named")).count() == before + 1);
      assertThat(watch.stderr()).isEmpty();
    }
  }

  @Test
  void kubectlWaitFindsReadyWithoutErrors() {
    create("waited");
    try (Kubectl.Background wait = kubectl.start(40, "wait", "--for=condition=Ready", "ws/waited",
        "--timeout=20s")) {
      // Set the condition only once kubectl watches, so the test covers the watch and not just the first list.
      await().atMost(Duration.ofSeconds(15)).until(() -> cluster.openHttpWatches() == 1);

      updateStatus("waited", status -> status.setConditions(List.of(new ConditionBuilder()
          .withType("Ready").withStatus("True").withReason("Running").withMessage("ready")
          .withLastTransitionTime("2026-01-01T00:00:00Z").build())));

      await().atMost(Duration.ofSeconds(15)).until(() -> !wait.isAlive());
      assertThat(wait.exitCode()).as(wait.stderr()).isZero();
      assertThat(wait.stdout()).contains("workspace.kubicle.dev/waited condition met");
      assertThat(wait.stderr()).doesNotContain("Failed to watch").isEmpty();
    }
  }

  private static void create(String name) {
    Workspace w = new Workspace();
    w.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").build());
    WorkspaceSpec spec = new WorkspaceSpec();
    spec.setTemplate(new TemplateRef("hello", null));
    spec.setOwner("alice");
    w.setSpec(spec);
    w.setStatus(null);
    cluster.client().resource(w).create();
  }

  private static void updateStatus(String name, Consumer<WorkspaceStatus> change) {
    Workspace current = cluster.client().resources(Workspace.class).inNamespace("default").withName(name).get();
    WorkspaceStatus status = current.getStatus() == null ? new WorkspaceStatus() : current.getStatus();
    change.accept(status);
    current.setStatus(status);
    cluster.client().resource(current).updateStatus();
  }

  private static List<String> words(String line) {
    return Arrays.asList(line.trim().split("\\s+"));
  }

  private static List<String> row(List<String> lines, String name) {
    return lines.stream().filter(line -> line.startsWith(name + " ")).findFirst().map(KubectlGetAndWatchTest::words)
        .orElseThrow(() -> new AssertionError("no row for " + name + " in " + lines));
  }
}
