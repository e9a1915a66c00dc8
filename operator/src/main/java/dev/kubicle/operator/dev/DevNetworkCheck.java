package dev.kubicle.operator.dev;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Decides whether `make run` starts the dev WireGuard gateway ({@link DevGateway}) and, when it cannot, says why in
 * words a newcomer can act on. Pure: who runs the process, what is installed and whether the TUN device exists are
 * passed in, so the decision is tested without any of them.
 */
public final class DevNetworkCheck {
  /** Turns dev networking off ({@code off}); {@code auto}, the default, starts it where it can run. */
  public static final String SWITCH = "KUBICLE_DEV_NETWORK";
  /** The programs the dev gateway runs, with the Debian package that brings each. */
  static final Map<String, String> TOOLS = tools();

  private DevNetworkCheck() {}

  private static Map<String, String> tools() {
    Map<String, String> tools = new LinkedHashMap<>();
    tools.put("ip", "iproute2");
    tools.put("nft", "nftables");
    tools.put("wg", "wireguard-tools");
    tools.put("wireguard-go", "wireguard-go");
    return tools;
  }

  /**
   * Why networking stays off, or empty when the dev gateway can start.
   *
   * @param env the process environment (for {@link #SWITCH})
   * @param user the user running `make run`
   * @param installed whether a program is on PATH
   * @param tunDevice whether /dev/net/tun exists (wireguard-go makes its interface there)
   * @throws IllegalArgumentException when {@link #SWITCH} has a value other than auto or off
   */
  public static Optional<String> whyOff(Map<String, String> env, String user, Predicate<String> installed,
      boolean tunDevice) {
    String setting = env.getOrDefault(SWITCH, "auto").strip().toLowerCase(Locale.ROOT);
    if (setting.equals("off")) {
      return Optional.of("turned off by " + SWITCH + "=off");
    }
    if (!setting.equals("auto") && !setting.isEmpty()) {
      throw new IllegalArgumentException(SWITCH + " must be auto or off, was: " + env.get(SWITCH));
    }
    if (!"root".equals(user)) {
      return Optional.of("the dev gateway needs root (network namespaces, WireGuard, nftables) and `make run` runs "
          + "as " + user + "; run it as root to reach workspaces through a tunnel");
    }
    for (Map.Entry<String, String> tool : TOOLS.entrySet()) {
      if (!installed.test(tool.getKey())) {
        return Optional.of(tool.getKey() + " is not installed (Debian: apt-get install " + tool.getValue() + ")");
      }
    }
    if (!tunDevice) {
      return Optional.of("wireguard-go needs /dev/net/tun, which this machine does not have");
    }
    return Optional.empty();
  }

  /** The one line `make run` prints when networking is off. */
  public static String offLine(String reason) {
    return "Networking is off: " + reason + ". Local workspaces are reachable on 127.0.0.1 only "
        + "(docs/networking.md, \"Dev mode\").";
  }
}
