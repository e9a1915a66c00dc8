package dev.kubicle.operator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kubicle.operator.kube.Labels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, hole 7, end to end ({@link GatewayTestbed}): a member who may create pods in the workspace's namespace
 * creates one labelled with the victim's workspace name but without its UID label. On the main before this change
 * the gateway took that newer pod as the target of the victim's overlay address (here an address that answers
 * nothing), so it was never a skipped entry and this test fails at the first await; now the real pod keeps the
 * traffic and the impostor is a skipped entry, logged by name.
 */
class GatewayImpostorPodTest {
  @TempDir
  Path tmp;
  private GatewayTestbed bed;

  @AfterEach
  void tearDown() {
    if (bed != null) {
      bed.close();
    }
  }

  @Test
  void aLaterPodWithTheWorkspacesNameButNoUidLabelDoesNotTakeTheOwnersSshTraffic() throws Exception {
    String why = GatewayTestbed.whyUnavailable();
    assumeTrue(why == null, why);
    bed = GatewayTestbed.start(tmp);
    GatewayTestbed.Laptop alice = bed.laptop("alice", "laptop");
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
        assertThat(bed.ssh(alice.ns(), "echo before").stdout()).contains("before"));
    String namespace = bed.harness().workspace("ws").getMetadata().getNamespace();

    Pod impostor = new PodBuilder().withNewMetadata().withNamespace(namespace).withName("impostor")
        .addToLabels(Labels.WORKSPACE, "ws").endMetadata()
        .withNewSpec().addNewContainer().withName("sink").withImage("sink").endContainer().endSpec()
        .withNewStatus().withPhase("Running").withPodIP("192.0.2.66").endStatus().build();
    bed.harness().client().pods().inNamespace(namespace).resource(impostor).create();
    Pod stored = bed.harness().client().pods().inNamespace(namespace).withName("impostor").get();
    if (stored.getStatus() == null || stored.getStatus().getPodIP() == null) {
      stored.setStatus(impostor.getStatus());
      bed.harness().client().pods().inNamespace(namespace).resource(stored).updateStatus();
    }

    // The gateway has seen the impostor (it is a skipped entry, logged by name) ...
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
        assertThat(bed.metrics()).containsPattern("(?m)^kubicle_gateway_skipped_entries [1-9]"));
    assertThat(Files.readString(bed.gatewayLog())).contains("Pod " + namespace + "/impostor")
        .contains("no " + Labels.WORKSPACE_UID + " label");
    // ... and the owner's SSH still reaches the real workspace pod.
    Commands.Result after = bed.ssh(alice.ns(), "echo after");
    assertThat(after.stdout()).as(after.stderr()).contains("after");
  }
}
