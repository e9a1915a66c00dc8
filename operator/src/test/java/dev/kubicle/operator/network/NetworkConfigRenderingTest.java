package dev.kubicle.operator.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubicle.operator.network.SshConfigSnippet.WorkspaceAddress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkConfigRenderingTest {

  // Fixed, valid keys so the golden files never change (made by `wg genkey` for these tests; nothing else uses them).
  private static final String DEVICE_PRIVATE_KEY = "WO/GgyHeEtv3clx5V3lQ10BRhHzxEMKNZvNMqDDLC1A=";
  private static final String GATEWAY_PRIVATE_KEY = "sEI9Xf2BztwJvyCAvh+X2LtEb9V/wCWaBxiLGSU5jkk=";

  private static String gatewayPublicKey() {
    return WireGuardKeys.publicKeyOf(GATEWAY_PRIVATE_KEY);
  }

  @Test
  void aDeviceWithAGeneratedKeyGetsTheGoldenConfig() throws IOException {
    WgQuickConfig config = WgQuickConfig.withPrivateKey(DEVICE_PRIVATE_KEY, "100.64.12.34", gatewayPublicKey(),
        "gateway.example.com", 51820, "100.64.0.0/16");
    assertThat(config.render()).isEqualTo(golden("wg-quick-generated-key.conf"));
  }

  @Test
  void aDeviceWithItsOwnKeyGetsAPlaceholderWhereThePrivateKeyGoes() throws IOException {
    WgQuickConfig config = WgQuickConfig.withOwnKey("100.64.0.2", gatewayPublicKey(), "203.0.113.7", 51820,
        "100.64.0.0/16");
    assertThat(config.render()).isEqualTo(golden("wg-quick-own-key.conf"))
        .contains(WgQuickConfig.PRIVATE_KEY_PLACEHOLDER).doesNotContain("PrivateKey =  ");
  }

  @Test
  void dnsIsRenderedOnlyWhenGivenAndIpv6EndpointsAreBracketed() {
    WgQuickConfig config = new WgQuickConfig(DEVICE_PRIVATE_KEY, "100.64.0.9", gatewayPublicKey(), "2001:db8::1",
        51820, "100.64.0.0/16", List.of("100.64.0.1"));
    assertThat(config.render()).contains("DNS = 100.64.0.1\n").contains("Endpoint = [2001:db8::1]:51820\n");
  }

  @Test
  void aConfigNeverShowsThePrivateKeyInToString() {
    WgQuickConfig config = WgQuickConfig.withPrivateKey(DEVICE_PRIVATE_KEY, "100.64.12.34", gatewayPublicKey(),
        "gateway.example.com", 51820, "100.64.0.0/16");
    assertThat(config.toString()).doesNotContain(DEVICE_PRIVATE_KEY).contains("<redacted>");
  }

  @Test
  void aConfigWithABrokenPartFailsWhenBuiltNotInTheClient() {
    assertThatThrownBy(() -> WgQuickConfig.withOwnKey("100.64.0.2", "short", "gw", 51820, "100.64.0.0/16"))
        .hasMessageContaining("gateway public key");
    assertThatThrownBy(() -> WgQuickConfig.withOwnKey("10.0.0.2", gatewayPublicKey(), "gw", 51820, "100.64.0.0/16"))
        .hasMessageContaining("not a device address of the overlay range 100.64.0.0/16");
    assertThatThrownBy(() -> WgQuickConfig.withOwnKey("100.64.0.1", gatewayPublicKey(), "gw", 51820,
        "100.64.0.0/16")).as("the gateway's own address").hasMessageContaining("not a device address");
    assertThatThrownBy(() -> WgQuickConfig.withOwnKey("100.64.0.2", gatewayPublicKey(), "gw", 0, "100.64.0.0/16"))
        .hasMessageContaining("port");
  }

  @Test
  void theSshSnippetHasOneSortedBlockPerWorkspace() throws IOException {
    String snippet = SshConfigSnippet.render("alice", List.of(
        new WorkspaceAddress("team-b", "api", "100.64.3.4"),
        new WorkspaceAddress("team-a", "web", "100.64.1.2"),
        new WorkspaceAddress("team-a", "db", "100.64.200.17")));
    assertThat(snippet).isEqualTo(golden("ssh-config.conf"));
  }

  @Test
  void theSshSnippetIsEmptyWithoutWorkspacesAndRefusesNamesThatWouldBePatterns() {
    assertThat(SshConfigSnippet.render("alice", List.of())).isEmpty();
    assertThatThrownBy(() -> new WorkspaceAddress("team-a", "web *", "100.64.1.2"))
        .hasMessageContaining("not a Kubernetes name");
    assertThatThrownBy(() -> SshConfigSnippet.render("alice smith", List.of())).hasMessageContaining("SSH user");
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = NetworkConfigRenderingTest.class.getResourceAsStream("/network/" + name)) {
      assertThat(in).as("golden file network/" + name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
