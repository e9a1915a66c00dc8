package dev.kubicle.operator.dev;

import dev.kubicle.operator.gateway.Commands;
import dev.kubicle.operator.gateway.NetworkNamespace;
import dev.kubicle.operator.gateway.TcpRelay;
import dev.kubicle.operator.network.DeviceRegistry;
import dev.kubicle.operator.network.GatewayKey;
import dev.kubicle.operator.network.NetworkSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * `make run`'s WireGuard gateway (docs/networking.md, "Dev mode"): Kubicle's own gateway process in a network
 * namespace joined to this machine by a veth pair, reading the dev cluster through a relay; local workspaces
 * routed to this machine ({@link LocalWorkspacePods}); and a device for the example owner, whose wg-quick file is written
 * next to the workspaces' folder. Closing removes the namespace (and with it the veth pair), the tunnel interface
 * the user brought up from that file, and the files.
 */
public final class DevGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DevGateway.class);
  /** A link-local /24 for the veth pair: it is never routed, so it cannot clash with a network the machine is on. */
  static final String SUBNET = "169.254.213.";
  static final String HOST_ADDRESS = SUBNET + "1";
  static final String GATEWAY_ADDRESS = SUBNET + "254";
  /** Where the device's tunnel reaches the gateway. */
  public static final String ENDPOINT = GATEWAY_ADDRESS + ":51820";
  /** The network namespace's name (default kubicle-dev); one dev gateway per machine. */
  public static final String NETNS_ENV = "KUBICLE_DEV_NETNS";
  static final String HOST_INTERFACE = "kdev-host";
  /** wg-quick names the interface after the file: kubicle-dev.conf brings up kubicle-dev. */
  public static final String TUNNEL = "kubicle-dev";
  public static final String DEVICE_NAME = "this-machine";
  private static final int HTTP_PORT = 9090;

  private final NetworkNamespace ns;
  private final Path dir;
  private TcpRelay apiRelay;
  private Process gateway;
  private LocalWorkspacePods pods;
  private Path keyFile;
  private Path wgQuickFile;
  private String workspaceOwner;

  private DevGateway(NetworkNamespace ns, Path dir) {
    this.ns = ns;
    this.dir = dir;
  }

  /**
   * Starts it all, or fails with what went wrong after removing what it made.
   *
   * @param kubicleDir ~/.kubicle: the wg-quick file goes there (next to workspaces/), the gateway's log and key to
   *     dev/
   */
  public static DevGateway start(KubernetesClient client, int apiPort, DeviceRegistry devices,
      NetworkSettings settings, Path kubicleDir, Map<String, String> env) throws IOException {
    String name = env.getOrDefault(NETNS_ENV, "kubicle-dev");
    if (NetworkNamespace.exists(name)) {
      if (!NetworkNamespace.pids(name).isEmpty()) {
        throw new IOException("another `make run` runs the dev gateway here (network namespace " + name + " has "
            + "processes); stop it first");
      }
      LOG.info("removing the network namespace {} left by an earlier `make run`", name);
      NetworkNamespace.removeLeftover(name);
    }
    removeTunnel(); // a tunnel to an earlier run's gateway leads nowhere, and would block wg-quick up
    DevGateway dev = new DevGateway(NetworkNamespace.createNamed(name), kubicleDir);
    try {
      dev.startAll(client, apiPort, devices, settings);
      return dev;
    } catch (IOException | RuntimeException e) {
      dev.close();
      throw e;
    }
  }

  private void startAll(KubernetesClient client, int apiPort, DeviceRegistry devices, NetworkSettings settings)
      throws IOException {
    ns.link(null, "kdev-gw", GATEWAY_ADDRESS + "/24", HOST_INTERFACE, HOST_ADDRESS + "/24");
    // The dev API listens on loopback; the gateway reaches it on the host end of the veth pair.
    apiRelay = new TcpRelay(new InetSocketAddress(InetAddress.getByName(HOST_ADDRESS), 0),
        new InetSocketAddress(InetAddress.getLoopbackAddress(), apiPort));
    Path devDir = Files.createDirectories(dir.resolve("dev"));
    new GatewayKey(client, settings.operatorNamespace()).publicKey(); // creates the key pair when missing
    String privateKey = new String(Base64.getDecoder().decode(client.secrets()
        .inNamespace(settings.operatorNamespace()).withName(GatewayKey.SECRET_NAME).get().getData()
        .get(GatewayKey.PRIVATE_KEY)), StandardCharsets.US_ASCII);
    keyFile = NetworkNamespace.privateFile(devDir.resolve("gateway.key"), privateKey + "\n");
    Path log = devDir.resolve("gateway.log");
    Files.deleteIfExists(log);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    gateway = ns.spawn(List.of(java, "-Xmx128m", "-XX:+UseSerialGC", "-cp", absoluteClassPath(),
        "dev.kubicle.operator.Main", "gateway"), log, Map.of(
        "KUBERNETES_MASTER", "http://" + HOST_ADDRESS + ":" + apiRelay.port(),
        "KUBERNETES_AUTH_TRYKUBECONFIG", "false",
        "KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false",
        "KUBICLE_NAMESPACE", settings.operatorNamespace(),
        "KUBICLE_OVERLAY_CIDR", settings.overlayCidr(),
        "KUBICLE_GATEWAY_PRIVATE_KEY_FILE", keyFile.toString(),
        "KUBICLE_GATEWAY_HTTP_PORT", Integer.toString(HTTP_PORT)));
    awaitReady(log);
    pods = new LocalWorkspacePods(client, HOST_ADDRESS);
    pods.start();
    workspaceOwner = DevSetup.EXAMPLE_OWNER;
    DeviceRegistry.Registration device = devices.register(workspaceOwner, DEVICE_NAME, null);
    wgQuickFile = NetworkNamespace.privateFile(dir.resolve(TUNNEL + ".conf"), device.wgQuickConfig());
    LOG.info("dev gateway ready in network namespace {}; device {} of {} at {}", ns.name(), DEVICE_NAME,
        workspaceOwner, device.device().address());
  }

  /** This JVM's class path (the operator jar under `make run`), made absolute: the gateway runs the same classes. */
  private static String absoluteClassPath() {
    return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .map(entry -> Path.of(entry).toAbsolutePath().toString())
        .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
  }

  private void awaitReady(Path log) throws IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI ready = URI.create("http://" + GATEWAY_ADDRESS + ":" + HTTP_PORT + "/readyz");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!gateway.isAlive()) {
        throw new IOException("the dev gateway exited with " + gateway.exitValue() + "; see " + log);
      }
      try {
        if (http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for the dev gateway", e);
      }
      sleep();
    }
    throw new IOException("the dev gateway was not ready within 60 s; see " + log);
  }

  /** What the banner says about reaching workspaces through the tunnel. */
  public String banner() {
    String file = wgQuickFile.toString().replace(System.getProperty("user.home"), "~");
    return """
          Through WireGuard:     wg-quick up %1$s      (the gateway runs in network namespace %2$s;
                                 the device %3$s of %4$s reaches %4$s's workspaces)
                                 ssh -p "$(kubectl get ws my-local -o jsonpath='{.status.outputs.ssh_port}')" \\
                                     %4$s@"$(kubectl get ws my-local -o jsonpath='{.status.network.address}')"
                                 Ctrl-C removes the namespace, the tunnel and this file.
        """.formatted(file, ns.name(), DEVICE_NAME, workspaceOwner);
  }

  public String namespace() {
    return ns.name();
  }

  public Path wgQuickFile() {
    return wgQuickFile;
  }

  private static void removeTunnel() throws IOException {
    if (Commands.attempt(List.of("ip", "link", "show", "dev", TUNNEL), null).ok()) {
      Commands.attempt(List.of("ip", "link", "del", "dev", TUNNEL), null);
    }
  }

  /** Stops the gateway (SIGTERM: it removes its interface and table), then removes everything else it made. */
  @Override
  public void close() {
    if (pods != null) {
      pods.close();
    }
    if (gateway != null) {
      gateway.destroy();
      try {
        if (!gateway.waitFor(30, TimeUnit.SECONDS)) {
          gateway.destroyForcibly();
        }
      } catch (InterruptedException e) {
        gateway.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    ns.close(); // kills what is left in it and deletes it: the veth pair goes with it
    try {
      if (apiRelay != null) {
        apiRelay.close();
      }
      removeTunnel();
      for (Path file : new Path[] {keyFile, wgQuickFile}) {
        if (file != null) {
          Files.deleteIfExists(file);
        }
      }
    } catch (IOException e) {
      LOG.warn("dev gateway clean-up: {}", e.getMessage());
    }
  }

  private static void sleep() throws IOException {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the dev gateway", e);
    }
  }
}
