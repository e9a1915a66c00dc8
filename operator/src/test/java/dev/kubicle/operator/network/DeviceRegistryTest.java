package dev.kubicle.operator.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubicle.operator.dev.DevCluster;
import dev.kubicle.operator.kube.Json;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Device registration, configs and revocation, stored in the dev cluster exactly as the gateway reads them. */
class DeviceRegistryTest {
  private static final String NS = "kubicle-system";
  private static final NetworkSettings SETTINGS =
      new NetworkSettings(NS, OverlayRange.DEFAULT_CIDR, "gw.example.com:51820");

  private DevCluster cluster;
  private DeviceRegistry registry;

  @BeforeEach
  void start() {
    cluster = DevCluster.startEphemeral();
    registry = registry(SETTINGS);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private DeviceRegistry registry(NetworkSettings settings) {
    OverlayAddresses addresses = new OverlayAddresses(OverlayRange.parse(settings.overlayCidr()),
        new RecordedAddresses(cluster.client(), Set.of(), NS));
    return new DeviceRegistry(new DeviceStore(cluster.client(), NS), addresses, new GatewayKey(cluster.client(), NS),
        settings, Clock.systemUTC());
  }

  private ConfigMap devicesConfigMap(String user) {
    return cluster.client().configMaps().inNamespace(NS).withName(DeviceStore.configMapName(user)).get();
  }

  private Map<String, String> keySecret(String user) {
    Secret secret = cluster.client().secrets().inNamespace(NS).withName(DeviceStore.keySecretName(user)).get();
    return secret == null || secret.getData() == null ? Map.of() : secret.getData();
  }

  @Test
  void aGeneratedKeyDeviceGetsAWorkingConfigAndOnlyItsPublicFactsAreWhereTheGatewayReads() throws Exception {
    DeviceRegistry.Registration reg = registry.register("alice", "laptop", null);

    assertThat(reg.keyGenerated()).isTrue();
    String config = reg.wgQuickConfig();
    String privateKey = config.lines().filter(l -> l.startsWith("PrivateKey = ")).findFirst().orElseThrow()
        .substring("PrivateKey = ".length());
    assertThat(WireGuardKeys.publicKeyOf(privateKey)).isEqualTo(reg.device().publicKey());
    assertThat(config).contains("Address = " + reg.device().address() + "/32")
        .contains("Endpoint = gw.example.com:51820").contains("AllowedIPs = 100.64.0.0/16");
    Secret gateway = cluster.client().secrets().inNamespace(NS).withName(GatewayKey.SECRET_NAME).get();
    String gatewayPrivate = new String(Base64.getDecoder().decode(gateway.getData().get(GatewayKey.PRIVATE_KEY)),
        StandardCharsets.US_ASCII);
    assertThat(config).contains("PublicKey = " + WireGuardKeys.publicKeyOf(gatewayPrivate));

    ConfigMap devices = devicesConfigMap("alice");
    assertThat(devices.getMetadata().getLabels()).containsEntry(DeviceStore.DEVICES_LABEL, "true");
    assertThat(devices.getMetadata().getAnnotations()).containsEntry(DeviceStore.USER_ANNOTATION, "alice");
    assertThat(devices.getData().get("laptop")).doesNotContain(privateKey);
    Device stored = Json.mapper().readValue(devices.getData().get("laptop"), Device.class);
    assertThat(stored).isEqualTo(reg.device());
    assertThat(keySecret("alice")).containsKey("laptop");

    // Downloading again gives the same file.
    assertThat(registry.wgQuickConfig("alice", "laptop")).isEqualTo(config);
    assertThat(reg.toString()).doesNotContain(privateKey);
  }

  @Test
  void aBroughtKeyNeverReachesTheClusterAndTheConfigLeavesAPlaceForIt() {
    String own = WireGuardKeys.generate().publicKey();
    DeviceRegistry.Registration reg = registry.register("bob", "desktop", own);

    assertThat(reg.keyGenerated()).isFalse();
    assertThat(reg.device().publicKey()).isEqualTo(own);
    assertThat(reg.wgQuickConfig()).contains(WgQuickConfig.PRIVATE_KEY_PLACEHOLDER);
    assertThat(reg.wgQuickConfig().lines()).noneMatch(l -> l.startsWith("PrivateKey"));
    assertThat(keySecret("bob")).isEmpty();
  }

  @Test
  void badInputIsRefusedNamingTheField() {
    assertThatThrownBy(() -> registry.register("alice", "My Laptop", null)).isInstanceOf(DeviceException.class)
        .hasMessageContaining("'My Laptop'").extracting("field").isEqualTo("name");
    assertThatThrownBy(() -> registry.register("alice", "laptop", "not-a-key")).isInstanceOf(DeviceException.class)
        .hasMessageContaining("not a WireGuard key").extracting("kind").isEqualTo(DeviceException.Kind.INVALID);
    registry.register("alice", "laptop", null);
    assertThatThrownBy(() -> registry.register("alice", "laptop", null)).isInstanceOf(DeviceException.class)
        .hasMessageContaining("already have a device named 'laptop'")
        .extracting("kind").isEqualTo(DeviceException.Kind.CONFLICT);
    String key = registry.list("alice").get(0).publicKey();
    assertThatThrownBy(() -> registry.register("mallory", "copy", key)).isInstanceOf(DeviceException.class)
        .hasMessageContaining("already registered").hasMessageNotContaining("alice");
    assertThatThrownBy(() -> registry.revoke("alice", "phone")).isInstanceOf(DeviceException.class)
        .extracting("kind").isEqualTo(DeviceException.Kind.NOT_FOUND);
    assertThat(registry.list("mallory")).isEmpty();
  }

  @Test
  void withoutAGatewayEndpointRegistrationSaysWhatToConfigure() {
    DeviceRegistry unconfigured = registry(new NetworkSettings(NS, OverlayRange.DEFAULT_CIDR, null));
    assertThatThrownBy(() -> unconfigured.register("alice", "laptop", null)).isInstanceOf(DeviceException.class)
        .hasMessageContaining("KUBICLE_GATEWAY_ENDPOINT").extracting("kind")
        .isEqualTo(DeviceException.Kind.UNAVAILABLE);
    assertThat(devicesConfigMap("alice")).isNull();
  }

  @Test
  void revokingRemovesTheEntryTheKeyAndTheAddress() {
    DeviceRegistry.Registration laptop = registry.register("alice", "laptop", null);
    DeviceRegistry.Registration phone = registry.register("alice", "phone", null);

    registry.revoke("alice", "laptop");

    assertThat(registry.list("alice")).extracting(Device::name).containsExactly("phone");
    assertThat(devicesConfigMap("alice").getData()).containsOnlyKeys("phone");
    assertThat(keySecret("alice")).containsOnlyKeys("phone");
    assertThat(registry.allocations()).doesNotContainKey(laptop.device().address())
        .containsKey(phone.device().address());
  }

  @Test
  void aRestartedOperatorNeverHandsADevicesAddressToSomeoneElse() {
    List<String> taken = List.of(registry.register("alice", "a", null).device().address(),
        registry.register("bob", "b", null).device().address());

    DeviceRegistry restarted = registry(SETTINGS);
    for (int i = 0; i < 20; i++) {
      assertThat(taken).doesNotContain(restarted.register("carol", "d" + i, null).device().address());
    }
    // The gateway key survives too: configs issued before the restart stay valid.
    assertThat(restarted.wgQuickConfig("alice", "a")).isEqualTo(registry.wgQuickConfig("alice", "a"));
  }
}
