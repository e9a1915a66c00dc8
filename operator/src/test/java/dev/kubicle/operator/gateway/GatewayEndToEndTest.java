package dev.kubicle.operator.gateway;

import static dev.kubicle.operator.support.OperatorHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateAgent;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.operator.OperatorConfig;
import dev.kubicle.operator.agentapi.AgentTokenSecrets;
import dev.kubicle.operator.agentapi.UserKeys;
import dev.kubicle.operator.kube.Conditions;
import dev.kubicle.operator.kube.Labels;
import dev.kubicle.operator.network.DeviceRegistry;
import dev.kubicle.operator.network.GatewayKey;
import dev.kubicle.operator.network.NetworkSettings;
import dev.kubicle.operator.network.OverlayRange;
import dev.kubicle.operator.provision.local.LocalProvisioner;
import dev.kubicle.operator.support.OperatorHarness;
import dev.kubicle.operator.support.Repository;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway end to end with real processes and a real network: four network namespaces (alice's laptop, bob's
 * laptop, the gateway, the workspace "pod") joined by veth pairs, Kubicle's gateway process, wireguard-go, nftables,
 * the real agent jar serving SSH, OpenSSH's client, and the real operator on the embedded dev cluster (the fabric8
 * mock API server: a test double for kube-apiserver), which allocates the workspace's overlay address and registers
 * the devices. The test also plays the kubelet: it creates the workspace's
 * Pod object with the pod namespace's address as podIP (test double: nothing schedules pods here).
 */
class GatewayEndToEndTest {
  private static final String OPERATOR_NS = "kubicle-system";
  private static final int SSH_PORT = 2222;

  @TempDir
  Path tmp;
  private final List<AutoCloseable> cleanUp = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private OperatorHarness harness;
  private String net;
  private String gatewayIface;
  private NetworkNamespace gatewayNs;
  private Process gateway;

  @AfterEach
  void tearDown() throws Exception {
    for (Process p : processes) {
      p.destroy();
    }
    if (gateway != null) {
      gateway.destroy(); // SIGTERM: it removes its interface and table, then exits
      if (!gateway.waitFor(30, TimeUnit.SECONDS)) {
        gateway.destroyForcibly();
      }
    }
    for (Process p : processes) {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    for (int i = cleanUp.size() - 1; i >= 0; i--) {
      try {
        cleanUp.get(i).close();
      } catch (Exception e) {
        System.err.println("clean-up: " + e);
      }
    }
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void ownerSshesThroughTheTunnelOthersAreRefusedRevocationCutsAndNewPeersDoNotReset() throws Exception {
    String why = NetworkNamespace.whyUnavailable("ip", "wireguard-go", "wg", "nft", "ssh", "ssh-keygen");
    assumeTrue(why == null, why);
    Path agentJar = Repository.agentJar();
    assertThat(agentJar).as("the agent jar is built before the operator's tests (module order in pom.xml)").exists();
    net = "10." + ThreadLocalRandom.current().nextInt(100, 250);
    Path sshKey = tmp.resolve("id_ed25519");
    Commands.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", sshKey.toString()), null);

    // Control plane: the real operator; agents dial it on the test namespace's veth address.
    int operatorPort = freePort();
    // Devices reach the gateway at one public address, as they would reach a LoadBalancer.
    String endpoint = net + ".9.1";
    harness = OperatorHarness.start(OperatorConfig.forTests().onLoopbackPort(operatorPort)
        .withNetwork(new NetworkSettings(OPERATOR_NS, OverlayRange.DEFAULT_CIDR, endpoint + ":51820")), null);
    String token = startWorkspace(Files.readString(Path.of(sshKey + ".pub")));

    // Network: gateway <-> test namespace (API), pod <-> test namespace (agent -> operator), gateway <-> pod
    // (the cluster network), and each laptop <-> gateway (the internet).
    gatewayNs = namespace("kgw-gw");
    NetworkNamespace pod = namespace("kgw-pod");
    NetworkNamespace aliceLaptop = namespace("kgw-alice");
    NetworkNamespace bobLaptop = namespace("kgw-bob");
    String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
    gatewayNs.link(null, "api0", net + ".1.2/30", "kga" + suffix, net + ".1.1/30");
    pod.link(null, "cp0", net + ".4.2/30", "kgp" + suffix, net + ".4.1/30");
    gatewayNs.link(pod, "pods0", net + ".3.1/30", "eth0", net + ".3.2/30");
    gatewayNs.link(aliceLaptop, "alice0", net + ".2.1/30", "eth0", net + ".2.2/30");
    gatewayNs.link(bobLaptop, "bob0", net + ".5.1/30", "eth0", net + ".5.2/30");
    gatewayNs.run("ip", "address", "add", endpoint + "/32", "dev", "lo");
    aliceLaptop.run("ip", "route", "add", endpoint + "/32", "via", net + ".2.1");
    bobLaptop.run("ip", "route", "add", endpoint + "/32", "via", net + ".5.1");

    // The workspace pod: the real agent with its SSH server on 2222, and its Pod object (we play the kubelet).
    Path home = Files.createDirectories(tmp.resolve("home"));
    processes.add(pod.spawn(LocalProvisioner.defaultAgentCommand(agentJar), tmp.resolve("agent.log"), Map.of(
        "KUBICLE_AGENT_URL", "http://" + net + ".4.1:" + operatorPort, "KUBICLE_AGENT_TOKEN", token,
        "KUBICLE_AGENT_SSH_PORT", Integer.toString(SSH_PORT), "KUBICLE_AGENT_DIR", home.toString(),
        "KUBICLE_AGENT_SSH_HOST_KEY", tmp.resolve("host_key").toString())));
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
        Conditions.isTrue(harness.workspace("ws").getStatus().getConditions(), "Ready"));
    createPod(net + ".3.2");
    await().atMost(Duration.ofSeconds(30)).until(() -> harness.workspace("ws").getStatus().getNetwork() != null
        && harness.workspace("ws").getStatus().getNetwork().getAddress() != null);

    // Devices: registered through the operator's registry, which renders their wg-quick files (with the gateway
    // key it created in the Secret kubicle-gateway-key).
    DeviceRegistry registry = harness.operator().devices();
    DeviceRegistry.Registration alice = registry.register("alice", "laptop", null);
    DeviceRegistry.Registration bob = registry.register("bob", "desk", null);
    String gatewayPrivateKey = new String(java.util.Base64.getDecoder().decode(harness.client().secrets()
        .inNamespace(OPERATOR_NS).withName(GatewayKey.SECRET_NAME).get().getData().get(GatewayKey.PRIVATE_KEY)),
        java.nio.charset.StandardCharsets.US_ASCII);

    // The gateway: Kubicle's own process in its namespace, reaching the dev API server through a relay.
    TcpRelay relay = new TcpRelay(InetAddress.getByName(net + ".1.1"),
        new InetSocketAddress(InetAddress.getLoopbackAddress(), harness.cluster().port()));
    cleanUp.add(relay);
    startGateway(gatewayPrivateKey, relay.port());
    awaitReady();
    WgQuickClient.up(aliceLaptop, "wga" + suffix, alice.wgQuickConfig(), tmp);
    WgQuickClient.up(bobLaptop, "wgb" + suffix, bob.wgQuickConfig(), tmp);
    awaitPeers(alice.device().publicKey(), bob.device().publicKey());

    // The owner's device reaches the workspace by its overlay address.
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
        assertThat(ssh(aliceLaptop, sshKey, "echo hello from $(hostname -s 2>/dev/null || echo ws)").stdout())
            .contains("hello from"));

    // Bob's tunnel is up (the gateway has his handshake), yet with alice's own SSH key he gets nowhere:
    // the network refuses him, not SSH.
    Commands.Result refused = ssh(bobLaptop, sshKey, "echo should-not-run");
    assertThat(refused.ok()).isFalse();
    assertThat(refused.stdout()).doesNotContain("should-not-run");
    assertThat(refused.stderr()).containsIgnoringCase("timed out");
    await().atMost(Duration.ofSeconds(20)).until(() -> peer(bob.device().publicKey()).lastHandshakeSeconds() > 0);

    // An open session keeps going while an unrelated device is added: alice's peer is not reset.
    Path ticks = tmp.resolve("ticks.log");
    processes.add(aliceLaptop.spawn(sshCommand(sshKey, "while true; do echo tick; sleep 0.2; done"), ticks,
        Map.of()));
    await().atMost(Duration.ofSeconds(30)).until(() -> tickCount(ticks) >= 5);
    PeerStatus before = peer(alice.device().publicKey());
    registry.register("carol", "tablet", null);
    await().atMost(Duration.ofSeconds(20)).until(() -> gatewayPeers().size() == 3);
    long ticksAfterAdd = tickCount(ticks);
    await().atMost(Duration.ofSeconds(20)).until(() -> tickCount(ticks) >= ticksAfterAdd + 5);
    PeerStatus after = peer(alice.device().publicKey());
    assertThat(after.rxBytes()).as("counters keep growing: the peer was not removed and added again")
        .isGreaterThan(before.rxBytes());
    // WireGuard itself renews a session every 2 minutes; anything else would be a reset.
    assertThat(after.lastHandshakeSeconds() == before.lastHandshakeSeconds()
        || after.lastHandshakeSeconds() - before.lastHandshakeSeconds() >= 110)
        .as("same handshake (%d -> %d)", before.lastHandshakeSeconds(), after.lastHandshakeSeconds()).isTrue();

    // Revoking alice's device cuts the open session at once.
    registry.revoke("alice", "laptop");
    await().atMost(Duration.ofSeconds(20)).until(() -> !gatewayPeers().contains(alice.device().publicKey()));
    long[] last = {tickCount(ticks), System.nanoTime()};
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
      long now = tickCount(ticks);
      if (now != last[0]) {
        last[0] = now;
        last[1] = System.nanoTime();
      }
      return System.nanoTime() - last[1] > TimeUnit.SECONDS.toNanos(3); // a live session ticks 5 times a second
    });
    assertThat(ssh(aliceLaptop, sshKey, "echo should-not-run").ok()).isFalse();
    assertThat(metrics()).as("metrics; gateway log:\n%s", Files.readString(tmp.resolve("gateway.log")))
        .contains("kubicle_gateway_peers 2").contains("kubicle_gateway_targets 1")
        .contains("kubicle_gateway_sync_errors_total 0");
    assertThat(Files.readString(tmp.resolve("gateway.log"))).doesNotContain(gatewayPrivateKey)
        .doesNotContain("PrivateKey");

    // SIGTERM: the gateway removes its interface and its nftables table before it exits.
    gateway.destroy();
    assertThat(gateway.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(UapiControl.socketOf(gatewayIface)).doesNotExist();
    assertThat(gatewayNs.attempt("nft", "list", "table", "ip", "kubicle").ok()).isFalse();
  }

  private String startWorkspace(String publicSshKey) throws Exception {
    Template template = OperatorHarness.echoTemplate("agentful", "{}");
    TemplateAgent settings = new TemplateAgent();
    settings.setEnabled(true);
    template.getSpec().setAgent(settings);
    harness.createTemplate(template);
    harness.client().configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata()
        .withName(UserKeys.configMapName("alice")).addToAnnotations(UserKeys.USER_ANNOTATION, "alice")
        .endMetadata().addToData(UserKeys.KEY, publicSshKey).build()).create();
    harness.createWorkspace(OperatorHarness.workspace("ws", "agentful", Map.of()));
    Workspace ws = harness.awaitPhase("ws", WorkspacePhase.Running);
    return new AgentTokenSecrets(harness.client()).read(ws, ws.getStatus().getAgent().getTokenHash()).orElseThrow();
  }

  /** The kubelet's part, played by the test: a Running pod labelled with the workspace, at the pod namespace. */
  private void createPod(String podIp) {
    Workspace ws = harness.workspace("ws");
    Pod pod = new PodBuilder().withNewMetadata().withNamespace(NS).withName("ws-0")
        .addToLabels(Labels.WORKSPACE, "ws").addToLabels(Labels.WORKSPACE_UID, ws.getMetadata().getUid())
        .endMetadata().withNewSpec().addNewContainer().withName("dev").withImage("dev").endContainer().endSpec()
        .withNewStatus().withPhase("Running").withPodIP(podIp).endStatus().build();
    harness.client().pods().inNamespace(NS).resource(pod).create();
    Pod stored = harness.client().pods().inNamespace(NS).withName("ws-0").get();
    if (stored.getStatus() == null || stored.getStatus().getPodIP() == null) {
      stored.setStatus(pod.getStatus());
      harness.client().pods().inNamespace(NS).resource(stored).updateStatus();
    }
  }

  /** The workspace's overlay address, allocated by the operator. */
  private String workspaceAddress() {
    return harness.workspace("ws").getStatus().getNetwork().getAddress();
  }

  private void startGateway(String privateKey, int apiPort) throws Exception {
    gatewayIface = NetworkNamespace.interfaceName("kgw");
    Path key = NetworkNamespace.privateFile(tmp.resolve("gateway.key"), privateKey + "\n");
    Map<String, String> env = new HashMap<>();
    env.put("KUBERNETES_MASTER", "http://" + net + ".1.1:" + apiPort);
    env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
    env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
    env.put("KUBERNETES_NAMESPACE", NS);
    env.put("KUBICLE_NAMESPACE", OPERATOR_NS);
    env.put("KUBICLE_GATEWAY_INTERFACE", gatewayIface);
    env.put("KUBICLE_GATEWAY_PRIVATE_KEY_FILE", key.toString());
    env.put("KUBICLE_GATEWAY_HTTP_PORT", "9090");
    env.put("KUBICLE_GATEWAY_WIREGUARD", "auto");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    gateway = gatewayNs.spawn(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        "dev.kubicle.operator.Main", "gateway"), tmp.resolve("gateway.log"), env);
  }

  private void awaitReady() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
      assertThat(gateway.isAlive()).as("gateway running; log:\n%s", Files.readString(tmp.resolve("gateway.log")))
          .isTrue();
      try {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + net + ".1.2:9090/readyz")).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
      } catch (java.io.IOException e) {
        return false;
      }
    });
  }

  private String metrics() throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + net + ".1.2:9090/metrics"))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private void awaitPeers(String... keys) {
    await().atMost(Duration.ofSeconds(20)).until(() -> gatewayPeers().containsAll(List.of(keys)));
  }

  private List<String> gatewayPeers() throws Exception {
    return new UapiControl(UapiControl.socketOf(gatewayIface)).peers().stream().map(PeerStatus::publicKey).toList();
  }

  private PeerStatus peer(String key) throws Exception {
    return new UapiControl(UapiControl.socketOf(gatewayIface)).peers().stream()
        .filter(p -> p.publicKey().equals(key)).findFirst().orElseThrow(() -> new AssertionError("no peer " + key));
  }

  private List<String> sshCommand(Path key, String command) {
    return List.of("ssh", "-p", Integer.toString(SSH_PORT), "-i", key.toString(), "-o", "BatchMode=yes",
        "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
        "-o", "ConnectTimeout=4", "alice@" + workspaceAddress(), command);
  }

  private Commands.Result ssh(NetworkNamespace from, Path key, String command) throws Exception {
    return from.attempt(sshCommand(key, command).toArray(String[]::new));
  }

  private static long tickCount(Path file) throws Exception {
    return Files.exists(file) ? Files.readAllLines(file).stream().filter("tick"::equals).count() : 0;
  }

  private NetworkNamespace namespace(String prefix) throws Exception {
    NetworkNamespace ns = NetworkNamespace.create(prefix);
    cleanUp.add(ns);
    return ns;
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
