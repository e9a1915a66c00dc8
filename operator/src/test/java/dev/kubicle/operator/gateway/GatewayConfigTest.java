package dev.kubicle.operator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubicle.operator.network.OverlayRange;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The gateway's settings from the environment: defaults, each variable, and bad values named by their variable. */
class GatewayConfigTest {

  @Test
  void anEmptyEnvironmentGivesTheDocumentedDefaults() {
    GatewayConfig config = GatewayConfig.fromEnvironment(Map.of());

    assertThat(config.namespace()).isEqualTo("kubicle-system");
    assertThat(config.watchNamespaces()).isEmpty();
    assertThat(config.watches("anything")).isTrue();
    assertThat(config.interfaceName()).isEqualTo("kubicle0");
    assertThat(config.listenPort()).isEqualTo(51820);
    assertThat(config.overlay()).isEqualTo(OverlayRange.parse(OverlayRange.DEFAULT_CIDR));
    assertThat(config.interfaceAddress()).isEqualTo("100.64.0.1/16");
    assertThat(config.privateKeyFile()).isEqualTo(Path.of("/etc/kubicle/gateway-key/privateKey"));
    assertThat(config.httpPort()).isEqualTo(9090);
    assertThat(config.mode()).isEqualTo(GatewayConfig.Mode.AUTO);
    assertThat(config.wireguardGo()).isEqualTo("wireguard-go");
    assertThat(config.coalesce()).isEqualTo(Duration.ofMillis(100));
    assertThat(config.resync()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void everyVariableIsRead() {
    Map<String, String> env = new HashMap<>();
    env.put("KUBICLE_NAMESPACE", "platform");
    env.put("KUBICLE_WATCH_NAMESPACES", " team-a, ,team-b ");
    env.put("KUBICLE_GATEWAY_INTERFACE", "wg-kubicle");
    env.put("KUBICLE_GATEWAY_LISTEN_PORT", "4500");
    env.put("KUBICLE_OVERLAY_CIDR", "10.99.0.0/20");
    env.put("KUBICLE_GATEWAY_PRIVATE_KEY_FILE", "/run/keys/gw");
    env.put("KUBICLE_GATEWAY_HTTP_PORT", "0");
    env.put("KUBICLE_GATEWAY_WIREGUARD", " Userspace ");
    env.put("KUBICLE_GATEWAY_WIREGUARD_GO", "/opt/wg/wireguard-go");
    env.put("KUBICLE_GATEWAY_COALESCE_MS", "250");
    env.put("KUBICLE_GATEWAY_RESYNC_SECONDS", "15");

    GatewayConfig config = GatewayConfig.fromEnvironment(env);

    assertThat(config.namespace()).isEqualTo("platform");
    assertThat(config.watchNamespaces()).isEqualTo(Set.of("team-a", "team-b"));
    assertThat(config.watches("team-b")).isTrue();
    assertThat(config.watches("team-c")).isFalse();
    assertThat(config.interfaceName()).isEqualTo("wg-kubicle");
    assertThat(config.listenPort()).isEqualTo(4500);
    assertThat(config.overlay()).isEqualTo(OverlayRange.parse("10.99.0.0/20"));
    assertThat(config.interfaceAddress()).isEqualTo("10.99.0.1/20");
    assertThat(config.privateKeyFile()).isEqualTo(Path.of("/run/keys/gw"));
    assertThat(config.httpPort()).as("0 picks a free port").isZero();
    assertThat(config.mode()).isEqualTo(GatewayConfig.Mode.USERSPACE);
    assertThat(config.wireguardGo()).isEqualTo("/opt/wg/wireguard-go");
    assertThat(config.coalesce()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.resync()).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void kernelModeIsAccepted() {
    assertThat(GatewayConfig.fromEnvironment(Map.of("KUBICLE_GATEWAY_WIREGUARD", "kernel")).mode())
        .isEqualTo(GatewayConfig.Mode.KERNEL);
  }

  @Test
  void blankNumbersFallBackToTheirDefaults() {
    GatewayConfig config = GatewayConfig.fromEnvironment(Map.of("KUBICLE_GATEWAY_LISTEN_PORT", " ",
        "KUBICLE_GATEWAY_HTTP_PORT", ""));

    assertThat(config.listenPort()).isEqualTo(51820);
    assertThat(config.httpPort()).isEqualTo(9090);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "KUBICLE_GATEWAY_INTERFACE|much-too-long-name|1-15 letters",
      "KUBICLE_GATEWAY_INTERFACE|wg 0|1-15 letters",
      "KUBICLE_GATEWAY_INTERFACE|wg/0|1-15 letters",
      "KUBICLE_GATEWAY_LISTEN_PORT|0|must be a port number",
      "KUBICLE_GATEWAY_LISTEN_PORT|65536|must be a port number",
      "KUBICLE_GATEWAY_LISTEN_PORT|51820udp|must be a whole number",
      "KUBICLE_GATEWAY_HTTP_PORT|-1|must be a port number (0 picks a free one)",
      "KUBICLE_GATEWAY_HTTP_PORT|http|must be a whole number",
      "KUBICLE_OVERLAY_CIDR|100.64.0.0|100.64.0.0",
      "KUBICLE_OVERLAY_CIDR|not-a-range|not-a-range",
      "KUBICLE_GATEWAY_WIREGUARD|boringtun|must be auto, kernel or userspace",
      "KUBICLE_GATEWAY_COALESCE_MS|0.1|must be a whole number",
      "KUBICLE_GATEWAY_RESYNC_SECONDS|1m|must be a whole number",
      "KUBICLE_NAMESPACE|'  '|must name the operator namespace",
  })
  void aBadValueIsRefusedWithAMessageNamingItsVariable(String variable, String value, String says) {
    assertThatThrownBy(() -> GatewayConfig.fromEnvironment(Map.of(variable, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(variable)
        .hasMessageContaining(says);
  }
}
