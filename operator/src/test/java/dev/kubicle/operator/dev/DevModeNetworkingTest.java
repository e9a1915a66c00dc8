package dev.kubicle.operator.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kubicle.operator.gateway.Commands;
import dev.kubicle.operator.gateway.NetworkNamespace;
import dev.kubicle.operator.support.Repository;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `make run`'s networking as a newcomer meets it: the real operator process (dev.kubicle.operator.Main on the
 * embedded dev cluster) with its own home folder. Without the tools it prints one line saying why networking is
 * off; with them (as root) it starts the dev gateway, and the printed wg-quick file brought up with the real
 * wg-quick lets ssh reach a local workspace by its overlay address. The whole run happens inside a throwaway
 * network namespace standing in for the newcomer's machine, so nothing touches this machine's own network.
 */
class DevModeNetworkingTest {
  @TempDir
  Path tmp;
  private Process operator;
  private NetworkNamespace machine;

  @AfterEach
  void tearDown() throws Exception {
    if (operator != null && operator.isAlive()) {
      operator.destroy();
      if (!operator.waitFor(60, TimeUnit.SECONDS)) {
        operator.destroyForcibly();
      }
    }
    if (machine != null) {
      machine.close();
    }
  }

  @Test
  void withoutWireguardGoMakeRunSaysInOneLineWhyNetworkingIsOff() throws Exception {
    // A PATH with the other tools but not wireguard-go.
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    for (String tool : List.of("ip", "nft", "wg")) {
      Optional<Path> found = onPath(tool);
      if (found.isPresent()) {
        Files.createSymbolicLink(bin.resolve(tool), found.get());
      }
    }
    Map<String, String> env = new HashMap<>();
    env.put("PATH", bin.toString());
    String user = System.getProperty("user.name");
    String expected = DevNetworkCheck.offLine(DevNetworkCheck.whyOff(Map.of(), user,
        p -> Files.isExecutable(bin.resolve(p)), true).orElseThrow());

    List<String> banner = startMakeRun(List.of(), env);

    assertThat(banner.stream().filter(l -> l.contains("Networking is off")).toList())
        .containsExactly("  " + expected);
    assertThat(expected).contains(user.equals("root") ? "wireguard-go is not installed" : "needs root");
    assertThat(banner).noneMatch(l -> l.contains("wg-quick"));
  }

  @Test
  void asRootANewcomerReachesALocalWorkspaceThroughTheDevGatewayAndCtrlCRemovesIt() throws Exception {
    String why = NetworkNamespace.whyUnavailable("ip", "wireguard-go", "wg", "wg-quick", "nft", "ssh", "ssh-keygen",
        "kubectl");
    if (why == null && !Files.exists(Repository.agentJar())) {
      why = "the agent jar is missing (mvn -pl agent -am package -DskipTests)";
    }
    assumeTrue(why == null, why);
    machine = NetworkNamespace.create("kdt-host");
    String gatewayNs = "kdt-gw-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    Path home = tmp.resolve("home");
    Path key = Files.createDirectories(home.resolve(".ssh")).resolve("id_ed25519");
    Commands.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()), null);

    // wireguard-go's control sockets live in one folder for all namespaces: the gateway's gets a name of its own.
    List<String> banner = startMakeRun(machine.prefix(), Map.of(DevGateway.NETNS_ENV, gatewayNs,
        "KUBICLE_GATEWAY_INTERFACE", NetworkNamespace.interfaceName("kdt")));

    Path wgQuick = home.resolve(".kubicle/" + DevGateway.TUNNEL + ".conf");
    assertThat(String.join("\n", banner)).contains("wg-quick up ~/.kubicle/kubicle-dev.conf")
        .contains("network namespace " + gatewayNs).doesNotContain("Networking is off");
    assertThat(wgQuick).exists();
    assertThat(Files.getPosixFilePermissions(wgQuick)).hasSize(2); // owner read and write only: it holds a key

    // The quickstart's local workspace, then the banner's commands.
    Path kubeconfig = home.resolve(".kubicle/dev/kubeconfig");
    kubectl(kubeconfig, "apply", "-f", Repository.root().resolve("examples/workspaces/local.yaml").toString());
    await().atMost(Duration.ofSeconds(90)).until(() -> machine.attempt("kubectl", "--kubeconfig",
        kubeconfig.toString(), "wait", "--for=condition=Ready", "ws/my-local", "--timeout=20s").ok());
    String port = kubectl(kubeconfig, "get", "ws", "my-local", "-o", "jsonpath={.status.outputs.ssh_port}");
    String address = kubectl(kubeconfig, "get", "ws", "my-local", "-o", "jsonpath={.status.network.address}");
    assertThat(address).startsWith("100.64.");
    machine.run("wg-quick", "up", wgQuick.toString());
    List<String> ssh = List.of("ssh", "-p", port, "-i", key.toString(), "-o", "BatchMode=yes",
        "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
        "-o", "ConnectTimeout=5", DevSetup.EXAMPLE_OWNER + "@" + address, "echo hello from $(pwd)");
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
        assertThat(machine.attempt(ssh.toArray(String[]::new)).stdout()).contains("hello from")
            .contains(".kubicle/workspaces/default/my-local"));
    // Through the tunnel: the overlay range is routed only to it, and its counters moved.
    assertThat(machine.run("ip", "route", "get", address)).contains("dev " + DevGateway.TUNNEL);
    assertThat(machine.run("wg", "show", DevGateway.TUNNEL, "transfer")).doesNotContain("\t0\t0");

    // Stopping the workspace removes the Pod that routed it.
    kubectl(kubeconfig, "patch", "ws", "my-local", "--type", "merge", "-p", "{\"spec\":{\"running\":false}}");
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
        kubectl(kubeconfig, "get", "pods", "-o", "name").isBlank());

    // Ctrl-C: the gateway's namespace, the veth pair, the tunnel and the files are gone.
    operator.destroy();
    assertThat(operator.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(NetworkNamespace.exists(gatewayNs)).isFalse();
    assertThat(machine.run("ip", "-o", "link")).doesNotContain("kdev-host").doesNotContain(DevGateway.TUNNEL);
    assertThat(wgQuick).doesNotExist();
    assertThat(home.resolve(".kubicle/dev/gateway.key")).doesNotExist();
  }

  /** Starts the operator as `make run` does, in {@code prefix} (a network namespace or none); returns its banner. */
  private List<String> startMakeRun(List<String> prefix, Map<String, String> env) throws Exception {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
        "-Duser.home=" + tmp.resolve("home"), "-cp", System.getProperty("java.class.path"),
        "dev.kubicle.operator.Main"));
    Path log = tmp.resolve("make-run.log");
    ProcessBuilder pb = new ProcessBuilder(command).directory(Repository.root().toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().putAll(Map.of("KUBICLE_MODE", "dev", "KUBICLE_DEV_PORT", Integer.toString(freePort()),
        "KUBICLE_HTTP_PORT", Integer.toString(freePort()), "KUBICLE_AGENT_JAR", Repository.agentJar().toString()));
    pb.environment().putAll(env);
    operator = pb.start();
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
      assertThat(operator.isAlive()).as("make run is running; its output:\n%s", Files.readString(log)).isTrue();
      return Files.readString(log).contains("Stop with Ctrl-C");
    });
    return Files.readAllLines(log);
  }

  private String kubectl(Path kubeconfig, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    return machine.run(command.toArray(String[]::new)).strip();
  }

  private static Optional<Path> onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin").split(":")) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
