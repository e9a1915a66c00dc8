package dev.kubicle.operator.network;

import static dev.kubicle.operator.support.OperatorHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.operator.OperatorConfig;
import dev.kubicle.operator.kube.EventReason;
import dev.kubicle.operator.support.OperatorHarness;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real controller on the dev cluster gives workspaces overlay addresses in status, and takes them back. */
class WorkspaceAddressesTest {
  private static final String ECHO = "{\"start\": {\"delay\": \"50ms\"}}";
  private OperatorHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  private void start(OperatorConfig config) {
    harness = OperatorHarness.start(config, null);
    harness.createTemplate(OperatorHarness.echoTemplate("echo", ECHO));
  }

  private Map<String, String> addressesByName() {
    return harness.client().resources(Workspace.class).inNamespace(NS).list().getItems().stream()
        .filter(ws -> ws.getStatus() != null && ws.getStatus().getNetwork() != null)
        .collect(Collectors.toMap(ws -> ws.getMetadata().getName(), ws -> ws.getStatus().getNetwork().getAddress()));
  }

  @Test
  void workspacesCreatedAtOnceGetDistinctAddressesWithoutExtraWritesAndKeepThemAcrossARestart() {
    start(OperatorConfig.forTests());
    long writesBefore = harness.operator().statusWriter().writes();
    IntStream.range(0, 40).parallel().forEach(i ->
        harness.createWorkspace(OperatorHarness.workspace("ws-" + i, "echo", Map.of())));
    await().atMost(Duration.ofSeconds(60)).until(() -> harness.client().resources(Workspace.class).inNamespace(NS)
        .list().getItems().stream().filter(ws -> ws.getStatus() != null
            && ws.getStatus().getPhase() == WorkspacePhase.Running).count() == 40);

    Map<String, String> before = addressesByName();
    assertThat(before).hasSize(40);
    assertThat(new HashSet<>(before.values())).hasSize(40);
    OverlayRange range = OverlayRange.parse(OverlayRange.DEFAULT_CIDR);
    assertThat(before.values()).allMatch(range::isAllocatable);
    // Three successful status writes per echo workspace (build record, progress, result), as many as before
    // addresses existed (measured: 120 for 40 without them): the address rides on the first, it costs no write of
    // its own. Counted by the operator's writer, so a write refused with 409 and retried counts once.
    assertThat(harness.operator().statusWriter().writes() - writesBefore).isLessThanOrEqualTo(3 * 40);

    harness.stopOperator();
    harness.startOperator();
    harness.createWorkspace(OperatorHarness.workspace("after-restart", "echo", Map.of()));
    harness.awaitPhase("after-restart", WorkspacePhase.Running);

    Map<String, String> after = addressesByName();
    after.forEach((name, address) -> {
      if (!name.equals("after-restart")) {
        assertThat(address).as(name).isEqualTo(before.get(name));
      }
    });
    assertThat(before.values()).doesNotContain(after.get("after-restart"));
  }

  @Test
  void aDeletedWorkspaceGivesItsAddressBack() {
    start(OperatorConfig.forTests());
    harness.createWorkspace(OperatorHarness.workspace("short-lived", "echo", Map.of()));
    String address = harness.awaitPhase("short-lived", WorkspacePhase.Running).getStatus().getNetwork().getAddress();
    assertThat(harness.operator().addresses().allocations()).containsKey(address);

    harness.client().resources(Workspace.class).inNamespace(NS).withName("short-lived").delete();
    harness.awaitGone("short-lived");

    await().atMost(Duration.ofSeconds(10)).until(() -> !harness.operator().addresses().allocations()
        .containsKey(address));
  }

  @Test
  void aFullRangeLeavesTheWorkspaceRunningWithAWarningThatSaysWhatToDo() {
    start(OperatorConfig.forTests().withNetwork(new NetworkSettings("kubicle-system", "10.9.0.0/30", null)));
    harness.createWorkspace(OperatorHarness.workspace("first", "echo", Map.of()));
    harness.awaitPhase("first", WorkspacePhase.Running); // /30 has one allocatable address: this one takes it
    harness.createWorkspace(OperatorHarness.workspace("second", "echo", Map.of()));

    Workspace second = harness.awaitPhase("second", WorkspacePhase.Running);
    assertThat(second.getStatus().getNetwork()).isNull();
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.client().v1().events().inNamespace(NS).list()
        .getItems().stream().anyMatch(e -> e.getReason().equals(EventReason.NetworkUnavailable.name())
            && e.getInvolvedObject().getName().equals("second")
            && e.getMessage().contains("10.9.0.0/30 is full")));
  }
}
