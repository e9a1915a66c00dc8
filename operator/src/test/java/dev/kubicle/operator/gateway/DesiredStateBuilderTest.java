package dev.kubicle.operator.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspaceNetwork;
import dev.kubicle.api.v1alpha1.WorkspaceStatus;
import dev.kubicle.operator.kube.Labels;
import dev.kubicle.operator.network.OverlayRange;
import dev.kubicle.operator.network.WireGuardKeys;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure function from cluster objects to peers, targets and allowed pairs, bad entries included. */
class DesiredStateBuilderTest {
  private static final String ALICE_KEY = WireGuardKeys.generate().publicKey();
  private static final String BOB_KEY = WireGuardKeys.generate().publicKey();
  private final DesiredStateBuilder builder = new DesiredStateBuilder(OverlayRange.parse("100.64.0.0/16"));

  @Test
  void aDeviceReachesExactlyItsOwnersWorkspacesAndEachAddressGoesToItsRunningPod() {
    DesiredState state = builder.build(
        List.of(workspace("team", "web", "alice", "100.64.1.2", "uid-web"),
            workspace("team", "db", "bob", "100.64.1.3", "uid-db"),
            workspace("other", "api", "alice", "100.64.1.4", "uid-api")),
        List.of(pod("team", "web-0", "web", "10.0.0.5", "Running"), pod("team", "db-0", "db", "10.0.0.6", "Running"),
            pod("other", "api-0", "api", "10.0.0.7", "Pending")),
        List.of(devices("alice", device("laptop", "alice", ALICE_KEY, "100.64.0.9", "2026-12-01T10:00:00Z")),
            devices("bob", device("desk", "bob", BOB_KEY, "100.64.0.10", "2026-12-01T10:00:00Z"))));

    assertThat(state.peers()).containsExactlyInAnyOrderEntriesOf(Map.of(ALICE_KEY, "100.64.0.9", BOB_KEY,
        "100.64.0.10"));
    assertThat(state.targets()).as("the api pod is not running, so its address goes nowhere")
        .containsExactlyInAnyOrderEntriesOf(Map.of("100.64.1.2", "10.0.0.5", "100.64.1.3", "10.0.0.6"));
    assertThat(state.allowed()).containsExactly(
        new DesiredState.Pair("100.64.0.9", "100.64.1.2"), new DesiredState.Pair("100.64.0.9", "100.64.1.4"),
        new DesiredState.Pair("100.64.0.10", "100.64.1.3"));
    assertThat(state.problems()).isEmpty();
  }

  @Test
  void badEntriesAreSkippedByNameWithoutDroppingTheOthers() {
    ConfigMap alice = devices("alice",
        device("good", "alice", ALICE_KEY, "100.64.0.9", "2026-12-01T10:00:00Z"),
        device("badkey", "alice", "not-a-key", "100.64.0.11", "2026-12-01T10:00:00Z"),
        device("outside", "alice", WireGuardKeys.generate().publicKey(), "10.1.2.3", "2026-12-01T10:00:00Z"),
        device("gateway", "alice", WireGuardKeys.generate().publicKey(), "100.64.0.1", "2026-12-01T10:00:00Z"),
        device("claims-bob", "bob", WireGuardKeys.generate().publicKey(), "100.64.0.12", "2026-12-01T10:00:00Z"));
    alice.getData().put("garbage", "{not json");
    ConfigMap unowned = devices("carol", device("x", "carol", BOB_KEY, "100.64.0.13", "2026-12-01T10:00:00Z"));
    unowned.getMetadata().setAnnotations(Map.of());

    DesiredState state = builder.build(List.of(workspace("team", "web", "alice", "100.64.300.2", "u1"),
        workspace("team", "api", "alice", "100.64.1.4", "u2")), List.of(), List.of(alice, unowned));

    assertThat(state.peers()).containsExactlyEntriesOf(Map.of(ALICE_KEY, "100.64.0.9"));
    assertThat(state.allowed()).containsExactly(new DesiredState.Pair("100.64.0.9", "100.64.1.4"));
    assertThat(state.problems()).hasSize(7).allSatisfy(p -> assertThat(p).endsWith("skipped"));
    assertThat(String.join("\n", state.problems()))
        .contains("device 'badkey': invalid publicKey")
        .contains("device 'outside': address '10.1.2.3' is not an address of the overlay range 100.64.0.0/16")
        .contains("device 'gateway': address '100.64.0.1'")
        .contains("device 'claims-bob': its user 'bob' does not match")
        .contains("device 'garbage': the value is not a JSON object")
        .contains("ConfigMap kubicle-system/kubicle-devices-carol: no kubicle.dev/user annotation")
        .contains("Workspace team/web: status.network.address '100.64.300.2'")
        .doesNotContain("not-a-key");
  }

  @Test
  void theOlderClaimKeepsADuplicateAddressOrKey() {
    String stolenKey = ALICE_KEY;
    ConfigMap alice = devices("alice", device("laptop", "alice", ALICE_KEY, "100.64.0.9", "2026-12-01T10:00:00Z"));
    ConfigMap mallory = devices("mallory",
        device("copy", "mallory", stolenKey, "100.64.0.20", "2026-12-02T10:00:00Z"),
        device("squat", "mallory", WireGuardKeys.generate().publicKey(), "100.64.0.9", "2026-12-02T10:00:00Z"),
        device("ws-squat", "mallory", BOB_KEY, "100.64.1.2", "2026-12-02T10:00:00Z"));

    DesiredState state = builder.build(List.of(workspace("team", "web", "mallory", "100.64.1.2", "u1")), List.of(),
        List.of(mallory, alice));

    assertThat(state.peers()).containsExactlyEntriesOf(Map.of(ALICE_KEY, "100.64.0.9"));
    assertThat(state.problems()).containsExactlyInAnyOrder(
        "ConfigMap kubicle-system/kubicle-devices-mallory device 'copy': its public key is already used by "
            + "ConfigMap kubicle-system/kubicle-devices-alice device 'laptop'; skipped",
        "ConfigMap kubicle-system/kubicle-devices-mallory device 'squat': address 100.64.0.9 is already used by "
            + "ConfigMap kubicle-system/kubicle-devices-alice device 'laptop'; skipped",
        "ConfigMap kubicle-system/kubicle-devices-mallory device 'ws-squat': address 100.64.1.2 is already used by "
            + "Workspace team/web; skipped");
  }

  @Test
  void aMovedPodIsFollowedAndAPodOfAnEarlierWorkspaceOfTheSameNameIsNot() {
    Pod old = pod("team", "web-old", "web", "10.0.0.5", "Running");
    old.getMetadata().setCreationTimestamp("2026-12-01T10:00:00Z");
    Pod moved = pod("team", "web-new", "web", "10.0.9.9", "Running");
    moved.getMetadata().setCreationTimestamp("2026-12-01T11:00:00Z");
    Pod stale = pod("team", "api-0", "api", "10.0.0.7", "Running");
    stale.getMetadata().getLabels().put(Labels.WORKSPACE_UID, "uid-of-a-deleted-api");

    DesiredState state = builder.build(List.of(workspace("team", "web", "alice", "100.64.1.2", "uid-web"),
        workspace("team", "api", "alice", "100.64.1.4", "uid-api")), List.of(old, moved, stale), List.of());

    assertThat(state.targets()).containsExactlyEntriesOf(Map.of("100.64.1.2", "10.0.9.9"));
    assertThat(state.problems()).singleElement().asString().contains("Pod team/api-0").contains("does not match");
  }

  /**
   * Issue 13, hole 7: the gateway took the newest running pod labelled with the workspace's name and checked the UID
   * label only when present, so a member who could create a pod in the namespace sent the victim's overlay traffic
   * (SSH included) to it by creating one later without the UID label. On the main before this change the first row
   * routed 100.64.1.2 to 10.0.6.66, and the second took the real pod's traffic away (the impostor won, then failed
   * the check).
   */
  @Test
  void aLaterPodLabelledWithTheVictimsWorkspaceNameButNotItsUidNeverReceivesTheVictimsTraffic() {
    Workspace victim = workspace("team", "web", "alice", "100.64.1.2", "uid-web");
    Pod real = pod("team", "web-0", "web", "10.0.0.5", "Running");
    real.getMetadata().setCreationTimestamp("2026-12-01T10:00:00Z");
    Pod noUid = unlabelledPod("team", "impostor", "web", "10.0.6.66", "Running");
    noUid.getMetadata().setCreationTimestamp("2026-12-01T12:00:00Z");
    Pod otherUid = pod("team", "impostor-2", "web", "10.0.6.67", "Running");
    otherUid.getMetadata().getLabels().put(Labels.WORKSPACE_UID, "uid-of-mallorys-workspace");
    otherUid.getMetadata().setCreationTimestamp("2026-12-01T12:00:00Z");
    Pod runner = pod("team", "web-b7-runner", "web", "10.0.6.68", "Running");
    runner.getMetadata().getLabels().put(Labels.COMPONENT, Labels.RUNNER_COMPONENT);
    runner.getMetadata().setCreationTimestamp("2026-12-01T12:00:00Z");

    record Row(String what, List<Pod> pods, Map<String, String> targets, int problems) {}
    List<Row> rows = List.of(
        new Row("a later pod without the UID label", List.of(real, noUid), Map.of("100.64.1.2", "10.0.0.5"), 1),
        new Row("a later pod with another UID", List.of(real, otherUid), Map.of("100.64.1.2", "10.0.0.5"), 1),
        new Row("a later Terraform runner pod of the workspace", List.of(real, runner),
            Map.of("100.64.1.2", "10.0.0.5"), 0),
        new Row("only the impostors", List.of(noUid, otherUid), Map.of(), 2));
    for (Row row : rows) {
      DesiredState state = builder.build(List.of(victim), row.pods(), List.of());

      assertThat(state.targets()).as(row.what()).containsExactlyEntriesOf(row.targets());
      assertThat(state.problems()).as(row.what()).hasSize(row.problems())
          .allSatisfy(p -> assertThat(p).contains("Pod team/impostor").endsWith("not routed"));
    }
    assertThat(builder.build(List.of(victim), List.of(real, noUid), List.of()).problems()).singleElement()
        .asString().contains("has no " + Labels.WORKSPACE_UID + " label");
  }

  @Test
  void aWorkspaceWithoutAnAddressYetIsNoProblem() {
    Workspace pending = workspace("team", "web", "alice", null, "u");

    DesiredState state = builder.build(List.of(pending), List.of(pod("team", "web-0", "web", "10.0.0.5", "Running")),
        List.of(devices("alice", device("laptop", "alice", ALICE_KEY, "100.64.0.9", null))));

    assertThat(state.targets()).isEmpty();
    assertThat(state.allowed()).isEmpty();
    assertThat(state.peers()).hasSize(1);
    assertThat(state.problems()).isEmpty();
  }

  static Workspace workspace(String ns, String name, String owner, String address, String uid) {
    Workspace ws = new Workspace();
    ws.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).withUid(uid)
        .withCreationTimestamp("2026-12-01T09:00:00Z").build());
    ws.getSpec().setOwner(owner);
    if (address != null) {
      WorkspaceStatus status = new WorkspaceStatus();
      WorkspaceNetwork network = new WorkspaceNetwork();
      network.setAddress(address);
      status.setNetwork(network);
      ws.setStatus(status);
    }
    return ws;
  }

  /** A pod of the workspace named {@code workspace} whose UID is {@code "uid-" + workspace}, as templates label it. */
  static Pod pod(String ns, String name, String workspace, String ip, String phase) {
    Pod pod = unlabelledPod(ns, name, workspace, ip, phase);
    pod.getMetadata().getLabels().put(Labels.WORKSPACE_UID, "uid-" + workspace);
    return pod;
  }

  /** A pod carrying only the workspace name label. */
  static Pod unlabelledPod(String ns, String name, String workspace, String ip, String phase) {
    return new PodBuilder().withNewMetadata().withNamespace(ns).withName(name)
        .withLabels(new LinkedHashMap<>(Map.of(Labels.WORKSPACE, workspace))).endMetadata()
        .withNewStatus().withPhase(phase).withPodIP(ip).endStatus().build();
  }

  static ConfigMap devices(String user, String... entries) {
    Map<String, String> data = new LinkedHashMap<>();
    for (String entry : entries) {
      String name = entry.substring(entry.indexOf("\"name\":\"") + 8);
      data.put(name.substring(0, name.indexOf('"')), entry);
    }
    return new ConfigMapBuilder().withNewMetadata().withNamespace("kubicle-system")
        .withName("kubicle-devices-" + user).addToLabels(DesiredStateBuilder.DEVICES_LABEL, "true")
        .addToAnnotations(DesiredStateBuilder.USER_ANNOTATION, user).endMetadata().withData(data).build();
  }

  static String device(String name, String user, String key, String address, String createdAt) {
    return "{\"name\":\"" + name + "\",\"user\":\"" + user + "\",\"publicKey\":\"" + key + "\",\"address\":\""
        + address + "\"" + (createdAt == null ? "" : ",\"createdAt\":\"" + createdAt + "\"") + "}";
  }
}
