package dev.kubicle.operator.controller;

import static dev.kubicle.operator.support.OperatorHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.operator.support.OperatorHarness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Builds with the echo provisioner (scripted results): steady state costs nothing, and many workspaces scale. */
class EchoWorkspacesTest {
  private static final String ECHO = "{\"start\": {\"delay\": \"100ms\", \"outputs\": {\"url\": \"https://ws\"}}}";
  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness = OperatorHarness.start();
    harness.createTemplate(OperatorHarness.echoTemplate("echo", ECHO));
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void noOpReconcileIssuesZeroWriteRequests() {
    harness.createWorkspace(OperatorHarness.workspace("quiet", "echo", Map.of()));
    harness.awaitPhase("quiet", WorkspacePhase.Running);
    long reconcilesBefore = harness.operator().workspaces().reconciles();
    long mark = harness.cluster().requests().mark();

    // A label change is a real event (the controller is not generation-aware) that changes nothing it acts on.
    harness.client().resources(Workspace.class).inNamespace(NS).withName("quiet")
        .edit(ws -> {
          ws.getMetadata().setLabels(Map.of("team", "blue"));
          return ws;
        });
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.operator().workspaces().reconciles() > reconcilesBefore);
    await().pollDelay(Duration.ofMillis(500)).until(() -> true);

    List<String> writes = harness.cluster().requests().writesSince(mark);
    assertThat(writes).as("writes after the test's own label change").hasSize(1);
    assertThat(writes.get(0)).contains("/workspaces/quiet");
  }

  @Test
  void hundredWorkspacesCreatedAtOnceAllReachRunning() {
    IntStream.range(0, 100).parallel().forEach(i ->
        harness.createWorkspace(OperatorHarness.workspace("ws-" + i, "echo", Map.of())));

    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
        harness.client().resources(Workspace.class).inNamespace(NS).list().getItems().stream()
            .filter(ws -> ws.getStatus() != null && ws.getStatus().getPhase() == WorkspacePhase.Running)
            .count() == 100);
    assertThat(harness.client().resources(Workspace.class).inNamespace(NS).list().getItems())
        .allSatisfy(ws -> assertThat(ws.getStatus().getOutputs()).containsEntry("url", "https://ws"));
  }
}
