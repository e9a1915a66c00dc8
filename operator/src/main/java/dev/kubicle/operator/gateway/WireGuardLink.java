package dev.kubicle.operator.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's WireGuard interface: a kernel interface where {@code ip link add ... type wireguard} works, otherwise
 * wireguard-go as a child process; then the overlay address, link up and IP forwarding. Closing removes what it made.
 */
public final class WireGuardLink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WireGuardLink.class);
  static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");

  private final String interfaceName;
  private final boolean kernel;
  private final Process wireguardGo;
  private final WireGuardControl control;

  private WireGuardLink(String interfaceName, boolean kernel, Process wireguardGo, WireGuardControl control) {
    this.interfaceName = interfaceName;
    this.kernel = kernel;
    this.wireguardGo = wireguardGo;
    this.control = control;
  }

  /** Creates (or adopts) the interface, configures key, port and address, brings it up and turns forwarding on. */
  public static WireGuardLink up(GatewayConfig config, String privateKey) throws IOException {
    String name = config.interfaceName();
    WireGuardLink link = adopt(name).orElse(null);
    if (link == null) {
      link = create(config);
    }
    try {
      link.control.configure(privateKey, config.listenPort());
      Commands.run(List.of("ip", "address", "replace", config.interfaceAddress(), "dev", name), null);
      Commands.run(List.of("ip", "link", "set", name, "up"), null);
      enableForwarding();
      return link;
    } catch (IOException | RuntimeException e) {
      link.close();
      throw e;
    }
  }

  /** Kernel WireGuard, or wireguard-go when the kernel cannot make the interface. */
  private static WireGuardLink create(GatewayConfig config) throws IOException {
    String name = config.interfaceName();
    if (config.mode() != GatewayConfig.Mode.USERSPACE) {
      Commands.Result kernel = Commands.attempt(List.of("ip", "link", "add", name, "type", "wireguard"), null);
      if (kernel.ok()) {
        LOG.info("WireGuard interface {} made by the kernel", name);
        return new WireGuardLink(name, true, null, new WgToolControl(name));
      }
      if (config.mode() == GatewayConfig.Mode.KERNEL) {
        throw new IOException("cannot make the kernel WireGuard interface " + name + " ("
            + kernel.stderr().strip() + "); load the wireguard module or set KUBICLE_GATEWAY_WIREGUARD=userspace");
      }
      LOG.info("no kernel WireGuard ({}); starting {}", kernel.stderr().strip(), config.wireguardGo());
    }
    return startWireguardGo(config);
  }

  private static WireGuardLink startWireguardGo(GatewayConfig config) throws IOException {
    String name = config.interfaceName();
    if (!Files.exists(Path.of("/dev/net/tun"))) {
      throw new IOException("wireguard-go needs /dev/net/tun, which this container does not have (the Helm chart "
          + "mounts it; see docs/operations.md)");
    }
    ProcessBuilder pb = new ProcessBuilder(config.wireguardGo(), "-f", name).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put("LOG_LEVEL", "error");
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new IOException("cannot start " + config.wireguardGo() + " (is it installed?): " + e.getMessage(), e);
    }
    Path socket = UapiControl.socketOf(name);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!Files.exists(socket)) {
      if (!process.isAlive()) {
        throw new IOException(config.wireguardGo() + " exited with " + process.exitValue() + " before making "
            + name + "; its output is above");
      }
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IOException(config.wireguardGo() + " made no control socket " + socket + " within 15 s");
      }
      sleep(20);
    }
    LOG.info("WireGuard interface {} run by wireguard-go (pid {})", name, process.pid());
    return new WireGuardLink(name, false, process, new UapiControl(socket));
  }

  /** An interface left by an earlier gateway in this network namespace keeps its peers and their sessions. */
  private static java.util.Optional<WireGuardLink> adopt(String name) throws IOException {
    if (!Commands.attempt(List.of("ip", "link", "show", "dev", name), null).ok()) {
      return java.util.Optional.empty();
    }
    Path socket = UapiControl.socketOf(name);
    if (Files.exists(socket)) {
      try {
        UapiControl control = new UapiControl(socket);
        control.peers();
        LOG.info("adopting the userspace WireGuard interface {}", name);
        return java.util.Optional.of(new WireGuardLink(name, false, null, control));
      } catch (IOException e) {
        LOG.info("the control socket of {} does not answer ({}); making the interface again", name, e.getMessage());
      }
    } else if (Commands.attempt(List.of("wg", "show", name), null).ok()) {
      LOG.info("adopting the kernel WireGuard interface {}", name);
      return java.util.Optional.of(new WireGuardLink(name, true, null, new WgToolControl(name)));
    }
    Commands.run(List.of("ip", "link", "del", "dev", name), null);
    return java.util.Optional.empty();
  }

  private static void enableForwarding() throws IOException {
    if (Files.readString(IP_FORWARD).strip().equals("1")) {
      return;
    }
    try {
      Files.writeString(IP_FORWARD, "1\n");
    } catch (IOException e) {
      throw new IOException("cannot turn on IP forwarding (" + IP_FORWARD + ": " + e.getMessage() + "); give the pod "
          + "the sysctl net.ipv4.ip_forward=1 (gateway.sysctls in the Helm chart, see docs/operations.md)", e);
    }
    LOG.info("IP forwarding turned on");
  }

  public WireGuardControl control() {
    return control;
  }

  public boolean kernel() {
    return kernel;
  }

  public String interfaceName() {
    return interfaceName;
  }

  /** False once a wireguard-go we started has died: the interface is gone with it. */
  public boolean alive() {
    return wireguardGo == null || wireguardGo.isAlive();
  }

  @Override
  public void close() {
    try {
      Commands.attempt(List.of("ip", "link", "del", "dev", interfaceName), null);
    } catch (IOException e) {
      LOG.warn("could not remove {}: {}", interfaceName, e.getMessage());
    }
    if (wireguardGo != null) {
      wireguardGo.destroy();
      try {
        if (!wireguardGo.waitFor(5, TimeUnit.SECONDS)) {
          wireguardGo.destroyForcibly();
        }
      } catch (InterruptedException e) {
        wireguardGo.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void sleep(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for wireguard-go", e);
    }
  }
}
