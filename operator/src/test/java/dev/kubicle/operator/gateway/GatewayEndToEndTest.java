package dev.kubicle.operator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kubicle.operator.network.DeviceRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway end to end with real processes and a real network ({@link GatewayTestbed}): alice's and bob's laptops,
 * the gateway and the workspace "pod" in network namespaces, Kubicle's gateway process, wireguard-go, nftables, the
 * real agent jar serving SSH, OpenSSH's client, and the real operator on the embedded dev cluster.
 */
class GatewayEndToEndTest {
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
  void ownerSshesThroughTheTunnelOthersAreRefusedRevocationCutsAndNewPeersDoNotReset() throws Exception {
    String why = GatewayTestbed.whyUnavailable();
    assumeTrue(why == null, why);
    bed = GatewayTestbed.start(tmp);
    GatewayTestbed.Laptop alice = bed.laptop("alice", "laptop");
    GatewayTestbed.Laptop bob = bed.laptop("bob", "desk");
    DeviceRegistry registry = bed.registry();

    // The owner's device reaches the workspace by its overlay address.
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
        assertThat(bed.ssh(alice.ns(), "echo hello from $(hostname -s 2>/dev/null || echo ws)").stdout())
            .contains("hello from"));

    // Bob's tunnel is up (the gateway has his handshake), yet with alice's own SSH key he gets nowhere:
    // the network refuses him, not SSH.
    Commands.Result refused = bed.ssh(bob.ns(), "echo should-not-run");
    assertThat(refused.ok()).isFalse();
    assertThat(refused.stdout()).doesNotContain("should-not-run");
    assertThat(refused.stderr()).containsIgnoringCase("timed out");
    String bobKey = bob.device().device().publicKey();
    await().atMost(Duration.ofSeconds(20)).until(() -> bed.peer(bobKey).lastHandshakeSeconds() > 0);

    // An open session keeps going while an unrelated device is added: alice's peer is not reset.
    String aliceKey = alice.device().device().publicKey();
    Path ticks = tmp.resolve("ticks.log");
    bed.track(alice.ns().spawn(bed.sshCommand("while true; do echo tick; sleep 0.2; done"), ticks, Map.of()));
    await().atMost(Duration.ofSeconds(30)).until(() -> tickCount(ticks) >= 5);
    PeerStatus before = bed.peer(aliceKey);
    registry.register("carol", "tablet", null);
    await().atMost(Duration.ofSeconds(20)).until(() -> bed.gatewayPeers().size() == 3);
    long ticksAfterAdd = tickCount(ticks);
    await().atMost(Duration.ofSeconds(20)).until(() -> tickCount(ticks) >= ticksAfterAdd + 5);
    PeerStatus after = bed.peer(aliceKey);
    assertThat(after.rxBytes()).as("counters keep growing: the peer was not removed and added again")
        .isGreaterThan(before.rxBytes());
    // WireGuard itself renews a session every 2 minutes; anything else would be a reset.
    assertThat(after.lastHandshakeSeconds() == before.lastHandshakeSeconds()
        || after.lastHandshakeSeconds() - before.lastHandshakeSeconds() >= 110)
        .as("same handshake (%d -> %d)", before.lastHandshakeSeconds(), after.lastHandshakeSeconds()).isTrue();

    // Revoking alice's device cuts the open session at once.
    registry.revoke("alice", "laptop");
    await().atMost(Duration.ofSeconds(20)).until(() -> !bed.gatewayPeers().contains(aliceKey));
    long[] last = {tickCount(ticks), System.nanoTime()};
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
      long now = tickCount(ticks);
      if (now != last[0]) {
        last[0] = now;
        last[1] = System.nanoTime();
      }
      return System.nanoTime() - last[1] > TimeUnit.SECONDS.toNanos(3); // a live session ticks 5 times a second
    });
    assertThat(bed.ssh(alice.ns(), "echo should-not-run").ok()).isFalse();
    assertThat(bed.metrics()).as("metrics; gateway log:\n%s", Files.readString(bed.gatewayLog()))
        .contains("kubicle_gateway_peers 2").contains("kubicle_gateway_targets 1")
        .contains("kubicle_gateway_sync_errors_total 0");
    assertThat(Files.readString(bed.gatewayLog())).doesNotContain(bed.gatewayPrivateKey())
        .doesNotContain("PrivateKey");

    // SIGTERM: the gateway removes its interface and its nftables table before it exits.
    bed.gateway().destroy();
    assertThat(bed.gateway().waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(UapiControl.socketOf(bed.gatewayIface())).doesNotExist();
    assertThat(bed.gatewayNs().attempt("nft", "list", "table", "ip", "kubicle").ok()).isFalse();
  }

  private static long tickCount(Path file) throws Exception {
    return Files.exists(file) ? Files.readAllLines(file).stream().filter("tick"::equals).count() : 0;
  }
}
