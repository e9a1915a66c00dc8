package dev.kubicle.operator.network;

import java.util.List;
import java.util.Objects;

/**
 * A device's wg-quick configuration: the device's own key and overlay address, and the gateway as its only peer.
 *
 * @param devicePrivateKey the device's private key, or null when the user brought their own public key (the file
 *     then holds a placeholder comment where the key goes, because Kubicle never saw it)
 * @param deviceAddress the device's overlay address (rendered as a /32)
 * @param gatewayPublicKey the gateway's public key
 * @param endpointHost host name or address where the gateway's UDP port is reachable
 * @param endpointPort the gateway's UDP port
 * @param overlayCidr the overlay range, routed through the tunnel (AllowedIPs)
 * @param dns DNS servers for the interface; the line is left out when empty
 */
public record WgQuickConfig(
    String devicePrivateKey,
    String deviceAddress,
    String gatewayPublicKey,
    String endpointHost,
    int endpointPort,
    String overlayCidr,
    List<String> dns) {

  /** Seconds between keepalives: keeps NAT mappings open so the gateway can reach a device behind NAT. */
  public static final int PERSISTENT_KEEPALIVE_SECONDS = 25;

  /** What a config for a bring-your-own-key device shows instead of the private key. */
  public static final String PRIVATE_KEY_PLACEHOLDER = "# PrivateKey = <your private key>";

  /** Checks every part, so a broken config fails here and not in the user's WireGuard client. */
  public WgQuickConfig {
    if (devicePrivateKey != null) {
      WireGuardKeys.requireValidKey(devicePrivateKey, "device private key");
    }
    WireGuardKeys.requireValidKey(gatewayPublicKey, "gateway public key");
    OverlayRange range = OverlayRange.parse(overlayCidr);
    if (!range.isAllocatable(Objects.requireNonNull(deviceAddress, "deviceAddress"))) {
      throw new IllegalArgumentException("The device address " + deviceAddress + " is not a device address of the "
          + "overlay range " + range);
    }
    if (endpointHost == null || endpointHost.isBlank() || endpointHost.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("The gateway endpoint host must be a non-empty name or address");
    }
    if (endpointPort < 1 || endpointPort > 65535) {
      throw new IllegalArgumentException("The gateway endpoint port must be 1-65535, was " + endpointPort);
    }
    dns = dns == null ? List.of() : List.copyOf(dns);
  }

  /** A config for a device whose private key Kubicle generated, without DNS. */
  public static WgQuickConfig withPrivateKey(String devicePrivateKey, String deviceAddress, String gatewayPublicKey,
      String endpointHost, int endpointPort, String overlayCidr) {
    return new WgQuickConfig(Objects.requireNonNull(devicePrivateKey, "devicePrivateKey"), deviceAddress,
        gatewayPublicKey, endpointHost, endpointPort, overlayCidr, List.of());
  }

  /** A config for a device whose user brought their own public key, without DNS. */
  public static WgQuickConfig withOwnKey(String deviceAddress, String gatewayPublicKey, String endpointHost,
      int endpointPort, String overlayCidr) {
    return new WgQuickConfig(null, deviceAddress, gatewayPublicKey, endpointHost, endpointPort, overlayCidr,
        List.of());
  }

  /** The wg-quick file text, lines in a fixed order, ending with a newline. */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append("[Interface]\n");
    out.append(devicePrivateKey == null ? PRIVATE_KEY_PLACEHOLDER : "PrivateKey = " + devicePrivateKey).append('\n');
    out.append("Address = ").append(deviceAddress).append("/32\n");
    if (!dns.isEmpty()) {
      out.append("DNS = ").append(String.join(", ", dns)).append('\n');
    }
    out.append('\n');
    out.append("[Peer]\n");
    out.append("PublicKey = ").append(gatewayPublicKey).append('\n');
    out.append("Endpoint = ").append(endpoint()).append('\n');
    out.append("AllowedIPs = ").append(OverlayRange.parse(overlayCidr)).append('\n');
    out.append("PersistentKeepalive = ").append(PERSISTENT_KEEPALIVE_SECONDS).append('\n');
    return out.toString();
  }

  private String endpoint() {
    // An IPv6 literal needs brackets, or its colons would run into the port.
    String host = endpointHost.contains(":") && !endpointHost.startsWith("[") ? "[" + endpointHost + "]" : endpointHost;
    return host + ":" + endpointPort;
  }

  @Override
  public String toString() {
    // The record's default would print the private key; configs get logged while debugging.
    return "WgQuickConfig[deviceAddress=" + deviceAddress + ", privateKey="
        + (devicePrivateKey == null ? "<brought by user>" : "<redacted>") + ", gatewayPublicKey=" + gatewayPublicKey
        + ", endpoint=" + endpoint() + ", overlayCidr=" + overlayCidr + ", dns=" + dns + "]";
  }
}
