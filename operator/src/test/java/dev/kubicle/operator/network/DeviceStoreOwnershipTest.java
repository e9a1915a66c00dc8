package dev.kubicle.operator.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubicle.operator.dev.DevCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The device store hands a user only records annotated with that user, and moves legacy records without loss. */
class DeviceStoreOwnershipTest {
  private static final String NS = "kubicle-system";
  private DevCluster cluster;
  private DeviceStore store;

  @BeforeEach
  void start() {
    cluster = DevCluster.startEphemeral();
    store = new DeviceStore(cluster.client(), NS);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aForgedRecordUnderTheUsersNewNameButAnnotatedWithAnotherUserIsNeverServedNorWrittenInto() {
    ConfigMap forged = devices(DeviceStore.configMapName("alice"), "mallory", device("trap", "mallory"));
    cluster.client().configMaps().inNamespace(NS).resource(forged).create();

    assertThat(store.devices("alice")).isEmpty();
    assertThatThrownBy(() -> store.update("alice", data -> {
      data.put("laptop", DeviceStore.toJson(device("laptop", "alice")));
      return data;
    })).hasMessageContaining(DeviceStore.configMapName("alice")).hasMessageContaining("another user");
    assertThat(get(DeviceStore.configMapName("alice")).getData()).containsOnlyKeys("trap");
  }

  @Test
  void aLegacyRecordLeftNextToItsMovedCopyIsDeletedByTheNextWriteAndNothingIsServedTwice() {
    create(devices(DeviceStore.configMapName("alice"), "alice", device("laptop", "alice"),
        device("desk", "alice")));
    create(devices(DeviceStore.legacyConfigMapName("alice"), "alice", device("laptop", "alice")));

    assertThat(store.devices("alice")).extracting(Device::name).containsExactly("desk", "laptop");
    store.update("alice", data -> {
      data.remove("desk");
      return data;
    });

    assertThat(get(DeviceStore.legacyConfigMapName("alice"))).isNull();
    assertThat(store.allDevices()).extracting(Device::name).containsExactly("laptop");
  }

  @Test
  void aLegacyRecordOfAnotherUserUnderTheSameOldNameIsLeftAloneByTheCollidingUsersWrites() {
    LegacyNameCollision.Pair names = LegacyNameCollision.find("a-store-user-with-a-long-name-whose-hash-collides-");
    create(devices(DeviceStore.legacyConfigMapName(names.victim()), names.victim(), device("desk", names.victim())));

    store.update(names.attacker(), data -> {
      data.put("laptop", DeviceStore.toJson(device("laptop", names.attacker())));
      return data;
    });

    assertThat(get(DeviceStore.legacyConfigMapName(names.victim())).getData()).containsOnlyKeys("desk");
    assertThat(store.devices(names.victim())).extracting(Device::name).containsExactly("desk");
    assertThat(store.devices(names.attacker())).extracting(Device::name).containsExactly("laptop");
  }

  private static Device device(String name, String user) {
    return new Device(name, user, WireGuardKeys.generate().publicKey(), "100.64.0." + (10 + name.length()),
        Instant.parse("2026-12-01T10:00:00Z"));
  }

  private static ConfigMap devices(String name, String user, Device... devices) {
    ConfigMapBuilder builder = new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(NS)
        .addToLabels(DeviceStore.DEVICES_LABEL, "true").addToAnnotations(DeviceStore.USER_ANNOTATION, user)
        .endMetadata();
    for (Device device : devices) {
      builder.addToData(device.name(), DeviceStore.toJson(device));
    }
    return builder.build();
  }

  private void create(ConfigMap configMap) {
    cluster.client().configMaps().inNamespace(NS).resource(configMap).create();
  }

  private ConfigMap get(String name) {
    return cluster.client().configMaps().inNamespace(NS).withName(name).get();
  }
}
