package dev.kubicle.operator.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Brings up a user's downloaded wg-quick file in a network namespace the way wg-quick does on a laptop without the
 * kernel module: wireguard-go makes the interface, {@code wg setconf} takes the file without its wg-quick-only lines
 * (Address, DNS), then the address, link and a route for AllowedIPs are set with {@code ip}.
 */
public final class WgQuickClient {
  private WgQuickClient() {}

  public static void up(NetworkNamespace ns, String iface, String wgQuickText, Path dir) throws IOException {
    List<String> wgLines = new ArrayList<>();
    List<String> addresses = new ArrayList<>();
    List<String> routes = new ArrayList<>();
    for (String line : wgQuickText.split("\n")) {
      String trimmed = line.strip();
      String key = trimmed.contains("=") ? trimmed.substring(0, trimmed.indexOf('=')).strip() : "";
      String value = trimmed.contains("=") ? trimmed.substring(trimmed.indexOf('=') + 1).strip() : "";
      switch (key) {
        case "Address" -> addresses.add(value);
        case "DNS" -> { }
        case "AllowedIPs" -> {
          routes.addAll(List.of(value.split("\\s*,\\s*")));
          wgLines.add(line);
        }
        default -> wgLines.add(line);
      }
    }
    Path conf = NetworkNamespace.privateFile(dir.resolve(iface + ".conf"), String.join("\n", wgLines) + "\n");
    ns.spawn(List.of("wireguard-go", "-f", iface), dir.resolve(iface + ".log"), Map.of("LOG_LEVEL", "error"));
    Path socket = UapiControl.socketOf(iface);
    for (int i = 0; i < 500 && !Files.exists(socket); i++) {
      sleep();
    }
    if (!Files.exists(socket)) {
      throw new IOException("wireguard-go made no interface " + iface + "; see " + dir.resolve(iface + ".log"));
    }
    ns.run("wg", "setconf", iface, conf.toString());
    for (String address : addresses) {
      ns.run("ip", "address", "add", address, "dev", iface);
    }
    ns.run("ip", "link", "set", iface, "up");
    for (String route : routes) {
      ns.run("ip", "route", "replace", route, "dev", iface);
    }
  }

  private static void sleep() throws IOException {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
