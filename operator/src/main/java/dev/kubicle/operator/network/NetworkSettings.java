package dev.kubicle.operator.network;

import java.util.Map;
import java.util.Optional;

/**
 * Overlay network settings the operator needs (the Helm chart sets them).
 *
 * @param operatorNamespace where device ConfigMaps and the gateway key live (KUBICLE_NAMESPACE)
 * @param overlayCidr the overlay range (KUBICLE_OVERLAY_CIDR); the gateway takes its .1
 * @param gatewayEndpoint host:port where devices reach the gateway's UDP port (KUBICLE_GATEWAY_ENDPOINT), or null
 *     when the gateway is not set up: workspaces still get addresses, devices cannot be registered
 */
public record NetworkSettings(String operatorNamespace, String overlayCidr, String gatewayEndpoint) {
  public static final String DEFAULT_NAMESPACE = "kubicle-system";

  public NetworkSettings {
    OverlayRange.parse(overlayCidr); // fail at start, naming the setting's value, not at the first allocation
  }

  public static NetworkSettings fromEnvironment(Map<String, String> env) {
    String endpoint = env.get("KUBICLE_GATEWAY_ENDPOINT");
    return new NetworkSettings(env.getOrDefault("KUBICLE_NAMESPACE", DEFAULT_NAMESPACE),
        env.getOrDefault("KUBICLE_OVERLAY_CIDR", OverlayRange.DEFAULT_CIDR),
        endpoint == null || endpoint.isBlank() ? null : endpoint.strip());
  }

  public static NetworkSettings defaults() {
    return new NetworkSettings(DEFAULT_NAMESPACE, OverlayRange.DEFAULT_CIDR, null);
  }

  public NetworkSettings withGatewayEndpoint(String endpoint) {
    return new NetworkSettings(operatorNamespace, overlayCidr, endpoint);
  }

  /** Why devices cannot be registered, or empty when they can. */
  public Optional<String> deviceProblem() {
    if (gatewayEndpoint == null) {
      return Optional.of("WireGuard devices are not available: this Kubicle has no gateway endpoint configured "
          + "(Helm value gateway.endpoint, environment KUBICLE_GATEWAY_ENDPOINT)");
    }
    int colon = gatewayEndpoint.lastIndexOf(':');
    if (colon <= 0 || !gatewayEndpoint.substring(colon + 1).matches("\\d{1,5}")
        || Integer.parseInt(gatewayEndpoint.substring(colon + 1)) > 65535) {
      return Optional.of("The gateway endpoint '" + gatewayEndpoint + "' is not host:port (KUBICLE_GATEWAY_ENDPOINT)");
    }
    return Optional.empty();
  }

  String endpointHost() {
    return gatewayEndpoint.substring(0, gatewayEndpoint.lastIndexOf(':'));
  }

  int endpointPort() {
    return Integer.parseInt(gatewayEndpoint.substring(gatewayEndpoint.lastIndexOf(':') + 1));
  }
}
