package dev.kubicle.operator.gateway;

import static dev.kubicle.operator.support.OperatorHarness.NS;
import static org.awaitility.Awaitility.await;

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
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's real-network setup, shared by {@code GatewayEndToEndTest} and the tunnel benchmark: network
 * namespaces joined by veth pairs for the gateway, the workspace "pod" and one per laptop; the real operator on the
 * embedded dev cluster (fabric8's mock API server: a test double for kube-apiserver), which allocates the
 * workspace's overlay address and registers devices; the real agent jar serving SSH in the pod namespace; Kubicle's
 * gateway process with wireguard-go and nftables; and laptops brought up from their downloaded wg-quick files.
 * The testbed plays the kubelet: it creates the workspace's Pod object with the pod namespace's address as podIP.
 * The workspace "ws" belongs to alice, whose SSH key is {@link #sshKey()}.
 */
public final class GatewayTestbed implements AutoCloseable {
  public static final String OPERATOR_NS = "kubicle-system";
  public static final int SSH_PORT = 2222;
  /** What the real-network setup needs on PATH besides root. */
  public static final String[] TOOLS = {"ip", "wireguard-go", "wg", "nft", "ssh", "ssh-keygen"};

  private final Path tmp;
  private final String net = "10." + ThreadLocalRandom.current().nextInt(100, 250);
  private final String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
  private final List<AutoCloseable> cleanUp = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private Path sshKey;
  private OperatorHarness harness;
  private NetworkNamespace gatewayNs;
  private NetworkNamespace pod;
  private String gatewayIface;
  private String gatewayPrivateKey;
  private Process gateway;
  private int laptops;

  private GatewayTestbed(Path tmp) {
    this.tmp = tmp;
  }

  /** A laptop namespace with its registered device, its tunnel up. */
  public record Laptop(NetworkNamespace ns, DeviceRegistry.Registration device, String address) {}

  /** Why the testbed cannot run here (not root, a tool missing), or null when it can. */
  public static String whyUnavailable() {
    String why = NetworkNamespace.whyUnavailable(TOOLS);
    if (why == null && !Files.exists(Repository.agentJar())) {
      why = "the agent jar " + Repository.agentJar() + " is missing (mvn -pl agent -am package -DskipTests)";
    }
    return why;
  }

  /** Everything up to a ready gateway serving the running workspace; laptops come with {@link #laptop}. */
  public static GatewayTestbed start(Path tmp) throws Exception {
    GatewayTestbed bed = new GatewayTestbed(tmp);
    try {
      bed.startAll();
      return bed;
    } catch (Exception | Error e) {
      bed.close();
      throw e;
    }
  }

  private void startAll() throws Exception {
    sshKey = tmp.resolve("id_ed25519");
    Commands.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", sshKey.toString()), null);

    // Control plane: the real operator; agents dial it on the test namespace's veth address. Devices reach the
    // gateway at one public address, as they would reach a LoadBalancer.
    int operatorPort = freePort();
    harness = OperatorHarness.start(OperatorConfig.forTests().onLoopbackPort(operatorPort)
        .withNetwork(new NetworkSettings(OPERATOR_NS, OverlayRange.DEFAULT_CIDR, endpoint() + ":51820")), null);
    String token = startWorkspace(Files.readString(Path.of(sshKey + ".pub")));

    // Network: gateway <-> test namespace (API), pod <-> test namespace (agent -> operator), gateway <-> pod
    // (the cluster network); laptops join the gateway later (the internet).
    gatewayNs = namespace("kgw-gw");
    pod = namespace("kgw-pod");
    gatewayNs.link(null, "api0", net + ".1.2/30", "kga" + suffix, net + ".1.1/30");
    pod.link(null, "cp0", net + ".4.2/30", "kgp" + suffix, net + ".4.1/30");
    gatewayNs.link(pod, "pods0", net + ".3.1/30", "eth0", podAddress() + "/30");
    gatewayNs.run("ip", "address", "add", endpoint() + "/32", "dev", "lo");

    // The workspace pod: the real agent with its SSH server, and its Pod object (we play the kubelet).
    Path home = Files.createDirectories(tmp.resolve("home"));
    processes.add(pod.spawn(LocalProvisioner.defaultAgentCommand(Repository.agentJar()), tmp.resolve("agent.log"),
        Map.of("KUBICLE_AGENT_URL", "http://" + net + ".4.1:" + operatorPort, "KUBICLE_AGENT_TOKEN", token,
            "KUBICLE_AGENT_SSH_PORT", Integer.toString(SSH_PORT), "KUBICLE_AGENT_DIR", home.toString(),
            "KUBICLE_AGENT_SSH_HOST_KEY", tmp.resolve("host_key").toString())));
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
        Conditions.isTrue(harness.workspace("ws").getStatus().getConditions(), "Ready"));
    createPod(podAddress());
    await().atMost(Duration.ofSeconds(30)).until(() -> harness.workspace("ws").getStatus().getNetwork() != null
        && harness.workspace("ws").getStatus().getNetwork().getAddress() != null);

    // The gateway: Kubicle's own process in its namespace, with the key the operator created in the Secret
    // kubicle-gateway-key (created on first use, as the operator's first device registration does), reaching the dev
    // API server through a relay.
    new GatewayKey(harness.client(), OPERATOR_NS).publicKey();
    gatewayPrivateKey = new String(Base64.getDecoder().decode(harness.client().secrets().inNamespace(OPERATOR_NS)
        .withName(GatewayKey.SECRET_NAME).get().getData().get(GatewayKey.PRIVATE_KEY)), StandardCharsets.US_ASCII);
    TcpRelay relay = new TcpRelay(InetAddress.getByName(net + ".1.1"),
        new InetSocketAddress(InetAddress.getLoopbackAddress(), harness.cluster().port()));
    cleanUp.add(relay);
    startGateway(relay.port());
    awaitReady();
  }

  /** A laptop of {@code user}: its namespace joined to the gateway, a device registered, its wg-quick file up. */
  public Laptop laptop(String user, String deviceName) throws Exception {
    int index = laptops++;
    NetworkNamespace ns = namespace("kgw-" + user);
    String side = net + "." + (10 + index) + ".";
    gatewayNs.link(ns, "lap" + index, side + "1/30", "eth0", side + "2/30");
    ns.run("ip", "route", "add", endpoint() + "/32", "via", side + "1");
    DeviceRegistry.Registration device = registry().register(user, deviceName, null);
    WgQuickClient.up(ns, "wg" + index + suffix, device.wgQuickConfig(), tmp);
    await().atMost(Duration.ofSeconds(20)).until(() -> gatewayPeers().contains(device.device().publicKey()));
    return new Laptop(ns, device, side + "2");
  }

  /**
   * The same laptop reaching the pod without the tunnel: a plain route through the gateway's namespace to the pod
   * address (no WireGuard, no DNAT), for comparing figures.
   */
  public void routeDirectly(Laptop laptop) throws IOException {
    String gatewaySide = laptop.address().substring(0, laptop.address().lastIndexOf('.')) + ".1";
    laptop.ns().run("ip", "route", "add", podAddress() + "/32", "via", gatewaySide);
    pod.run("ip", "route", "replace", laptop.address() + "/32", "via", net + ".3.1");
  }

  public OperatorHarness harness() {
    return harness;
  }

  public DeviceRegistry registry() {
    return harness.operator().devices();
  }

  public Path sshKey() {
    return sshKey;
  }

  public NetworkNamespace gatewayNs() {
    return gatewayNs;
  }

  public String gatewayIface() {
    return gatewayIface;
  }

  public String gatewayPrivateKey() {
    return gatewayPrivateKey;
  }

  public Process gateway() {
    return gateway;
  }

  public Path gatewayLog() {
    return tmp.resolve("gateway.log");
  }

  /** The pod namespace's own address, which the gateway forwards the workspace's overlay address to. */
  public String podAddress() {
    return net + ".3.2";
  }

  /** The workspace's overlay address, allocated by the operator. */
  public String workspaceAddress() {
    return harness.workspace("ws").getStatus().getNetwork().getAddress();
  }

  /** Adds a process to stop on close (one the caller spawned in a namespace of the testbed). */
  public Process track(Process process) {
    processes.add(process);
    return process;
  }

  /** {@code ssh} as alice to {@code host} on the agent's port, batch mode, no host-key prompts. */
  public List<String> sshCommand(String host, String command) {
    return List.of("ssh", "-p", Integer.toString(SSH_PORT), "-i", sshKey.toString(), "-o", "BatchMode=yes",
        "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
        "-o", "ConnectTimeout=4", "alice@" + host, command);
  }

  /** {@code ssh} as alice to the workspace's overlay address. */
  public List<String> sshCommand(String command) {
    return sshCommand(workspaceAddress(), command);
  }

  public Commands.Result ssh(NetworkNamespace from, String command) throws IOException {
    return from.attempt(sshCommand(command).toArray(String[]::new));
  }

  public List<String> gatewayPeers() throws IOException {
    return new UapiControl(UapiControl.socketOf(gatewayIface)).peers().stream().map(PeerStatus::publicKey).toList();
  }

  public PeerStatus peer(String key) throws IOException {
    return new UapiControl(UapiControl.socketOf(gatewayIface)).peers().stream()
        .filter(p -> p.publicKey().equals(key)).findFirst().orElseThrow(() -> new AssertionError("no peer " + key));
  }

  public String metrics() throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + net + ".1.2:9090/metrics"))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private String endpoint() {
    return net + ".9.1";
  }

  private String startWorkspace(String publicSshKey) {
    Template template = OperatorHarness.echoTemplate("agentful", "{}");
    TemplateAgent settings = new TemplateAgent();
    settings.setEnabled(true);
    template.getSpec().setAgent(settings);
    harness.createTemplate(template);
    harness.client().configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata()
        .withName(UserKeys.configMapName("alice")).addToAnnotations(UserKeys.USER_ANNOTATION, "alice")
          .addToLabels(UserKeys.LABEL, "true")
        .endMetadata().addToData(UserKeys.KEY, publicSshKey).build()).create();
    harness.createWorkspace(OperatorHarness.workspace("ws", "agentful", Map.of()));
    Workspace ws = harness.awaitPhase("ws", WorkspacePhase.Running);
    return new AgentTokenSecrets(harness.client()).current(ws).orElseThrow();
  }

  /** The kubelet's part, played by the testbed: a Running pod labelled with the workspace, at the pod namespace. */
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

  private void startGateway(int apiPort) throws Exception {
    gatewayIface = NetworkNamespace.interfaceName("kgw");
    Path key = NetworkNamespace.privateFile(tmp.resolve("gateway.key"), gatewayPrivateKey + "\n");
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
        "dev.kubicle.operator.Main", "gateway"), gatewayLog(), env);
  }

  private void awaitReady() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
      if (!gateway.isAlive()) {
        throw new AssertionError("the gateway exited; its log:\n" + Files.readString(gatewayLog()));
      }
      try {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + net + ".1.2:9090/readyz")).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
      } catch (IOException e) {
        return false;
      }
    });
  }

  private NetworkNamespace namespace(String prefix) throws IOException {
    NetworkNamespace ns = NetworkNamespace.create(prefix);
    cleanUp.add(ns);
    return ns;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Stops the processes, the gateway (SIGTERM: it removes its interface and table), the namespaces, the operator. */
  @Override
  public void close() {
    processes.forEach(Process::destroy);
    if (gateway != null) {
      gateway.destroy();
      waitFor(gateway, 30);
    }
    processes.forEach(p -> waitFor(p, 10));
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

  private static void waitFor(Process p, int seconds) {
    try {
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
