package dev.kubicle.operator.gateway;

import dev.kubicle.operator.network.OverlayRange;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Gateway settings, read once from the environment (the Helm chart sets them; docs/operations.md lists them).
 *
 * @param namespace the operator namespace, where device ConfigMaps live ({@code KUBICLE_NAMESPACE})
 * @param watchNamespaces namespaces whose Workspaces and pods are served; empty means all
 * @param interfaceName the WireGuard interface the gateway owns
 * @param listenPort WireGuard's UDP port
 * @param overlay the overlay range; the gateway takes its first address (.1)
 * @param privateKeyFile the gateway's private key (base64), mounted from the Secret {@code kubicle-gateway-key}
 * @param httpPort health and metrics port
 * @param mode kernel, userspace (wireguard-go) or auto (kernel when the module is there)
 * @param wireguardGo the wireguard-go binary for userspace mode
 * @param coalesce how long changes are gathered before one sync applies them
 * @param resync how often a sync runs without any event, to repair drift
 */
public record GatewayConfig(
    String namespace,
    Set<String> watchNamespaces,
    String interfaceName,
    int listenPort,
    OverlayRange overlay,
    Path privateKeyFile,
    int httpPort,
    Mode mode,
    String wireguardGo,
    Duration coalesce,
    Duration resync) {

  /** How the WireGuard interface is made. */
  public enum Mode { AUTO, KERNEL, USERSPACE }

  public static final String DEFAULT_INTERFACE = "kubicle0";
  public static final String DEFAULT_KEY_FILE = "/etc/kubicle/gateway-key/privateKey";

  /** Checks everything up front, so a bad setting stops the gateway with a message naming the variable. */
  public GatewayConfig {
    if (interfaceName == null || !interfaceName.matches("[A-Za-z0-9_.-]{1,15}")) {
      throw new IllegalArgumentException("KUBICLE_GATEWAY_INTERFACE must be 1-15 letters, digits, '-', '_' or '.' "
          + "(a Linux interface name), was: " + interfaceName);
    }
    requirePort(listenPort, "KUBICLE_GATEWAY_LISTEN_PORT", false);
    requirePort(httpPort, "KUBICLE_GATEWAY_HTTP_PORT", true);
    if (namespace == null || namespace.isBlank()) {
      throw new IllegalArgumentException("KUBICLE_NAMESPACE must name the operator namespace");
    }
    watchNamespaces = Set.copyOf(watchNamespaces);
  }

  public static GatewayConfig fromEnvironment(Map<String, String> env) {
    return new GatewayConfig(
        env.getOrDefault("KUBICLE_NAMESPACE", "kubicle-system"),
        Arrays.stream(env.getOrDefault("KUBICLE_WATCH_NAMESPACES", "").split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet()),
        env.getOrDefault("KUBICLE_GATEWAY_INTERFACE", DEFAULT_INTERFACE),
        integer(env, "KUBICLE_GATEWAY_LISTEN_PORT", 51820),
        overlay(env.getOrDefault("KUBICLE_OVERLAY_CIDR", OverlayRange.DEFAULT_CIDR)),
        Path.of(env.getOrDefault("KUBICLE_GATEWAY_PRIVATE_KEY_FILE", DEFAULT_KEY_FILE)),
        integer(env, "KUBICLE_GATEWAY_HTTP_PORT", 9090),
        mode(env.getOrDefault("KUBICLE_GATEWAY_WIREGUARD", "auto")),
        env.getOrDefault("KUBICLE_GATEWAY_WIREGUARD_GO", "wireguard-go"),
        Duration.ofMillis(integer(env, "KUBICLE_GATEWAY_COALESCE_MS", 100)),
        Duration.ofSeconds(integer(env, "KUBICLE_GATEWAY_RESYNC_SECONDS", 60)));
  }

  /** The gateway's own overlay address with the range's prefix, for {@code ip address add}. */
  public String interfaceAddress() {
    return OverlayRange.format(overlay.gateway()) + "/" + overlay.prefixLength();
  }

  /** Whether workspaces in this namespace are served. */
  public boolean watches(String ns) {
    return watchNamespaces.isEmpty() || watchNamespaces.contains(ns);
  }

  private static OverlayRange overlay(String cidr) {
    try {
      return OverlayRange.parse(cidr);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("KUBICLE_OVERLAY_CIDR: " + e.getMessage(), e);
    }
  }

  private static Mode mode(String value) {
    try {
      return Mode.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("KUBICLE_GATEWAY_WIREGUARD must be auto, kernel or userspace, was: " + value,
          e);
    }
  }

  private static int integer(Map<String, String> env, String name, int defaultValue) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, was: " + value, e);
    }
  }

  private static void requirePort(int port, String name, boolean zeroAllowed) {
    if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
      throw new IllegalArgumentException(name + " must be a port number" + (zeroAllowed ? " (0 picks a free one)" : "")
          + ", was: " + port);
    }
  }
}
