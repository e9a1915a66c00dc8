package dev.kubicle.operator.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubicle.operator.network.DeviceStore;
import dev.kubicle.operator.network.LegacyNameCollision;
import dev.kubicle.operator.network.WireGuardKeys;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, hole 7: device records were named by a 32-bit hash of the user name and read without checking their
 * owner annotation, so a member whose name collides with a victim's listed, downloaded (private key included) and
 * revoked the victim's devices. On the main before this change both attacks below succeed.
 */
class DeviceNameCollisionTest {
  private static final String OPERATOR_NS = "kubicle-system";
  private static final String VICTIM_PRIVATE_KEY = WireGuardKeys.generate().privateKey();

  @TempDir
  static Path dir;
  static ConsoleHarness console;

  @BeforeAll
  static void start() {
    console = ConsoleHarness.start(dir);
  }

  @AfterAll
  static void stop() {
    console.close();
  }

  @Test
  void aMemberWhoseNameHashCollidesWithTheVictimsNeverSeesNorTouchesTheVictimsDevices() {
    LegacyNameCollision.Pair names = LegacyNameCollision.find("a-member-with-a-long-name-whose-hash-collides-");
    Caller victim = console.member(names.victim());
    Caller attacker = console.member(names.attacker());
    assertThat(DeviceStore.configMapName(names.victim())).isNotEqualTo(DeviceStore.configMapName(names.attacker()));

    Caller.Response registered = victim.post("/api/v1/devices", new JsonObject().put("name", "laptop"));
    assertThat(registered.status()).as(registered.body()).isEqualTo(201);

    assertThat(attacker.get("/api/v1/devices").json().getJsonArray("items")).isEmpty();
    assertThat(attacker.get("/api/v1/devices/laptop/config").status()).isEqualTo(404);
    assertThat(attacker.delete("/api/v1/devices/laptop").status()).isEqualTo(404);
    assertThat(attacker.post("/api/v1/devices", new JsonObject().put("name", "laptop")).status()).isEqualTo(201);

    assertThat(victim.get("/api/v1/devices/laptop/config").body()).isEqualTo(registered.json().getString("config"));
    assertThat(victim.get("/api/v1/devices").json().getJsonArray("items")).hasSize(1);
  }

  @Test
  void aRecordLeftUnderTheVictimsOldHashNameIsServedToTheVictimOnlyAndMovedOnTheVictimsNextWrite() {
    LegacyNameCollision.Pair names = LegacyNameCollision.find("a-member-whose-records-predate-the-upgrade-");
    assertThat(DeviceStore.legacyConfigMapName(names.attacker()))
        .isEqualTo(DeviceStore.legacyConfigMapName(names.victim()));
    plantLegacyRecords(names.victim());
    Caller victim = console.member(names.victim());
    Caller attacker = console.member(names.attacker());

    // The attacker's legacy name is the victim's: before this change they read the victim's device and key.
    assertThat(attacker.get("/api/v1/devices").json().getJsonArray("items")).isEmpty();
    assertThat(attacker.get("/api/v1/devices/old-desk/config").status()).isEqualTo(404);
    assertThat(attacker.delete("/api/v1/devices/old-desk").status()).isEqualTo(404);
    assertThat(client().configMaps().inNamespace(OPERATOR_NS)
        .withName(DeviceStore.legacyConfigMapName(names.victim())).get().getData()).containsKey("old-desk");

    // The victim still finds the device and its key after the upgrade ...
    Caller.Response config = victim.get("/api/v1/devices/old-desk/config");
    assertThat(config.status()).as(config.body()).isEqualTo(200);
    assertThat(config.body()).contains("PrivateKey = " + VICTIM_PRIVATE_KEY);

    // ... and the next write moves both records to the collision-proof names, losing nothing.
    assertThat(victim.post("/api/v1/devices", new JsonObject().put("name", "tablet")).status()).isEqualTo(201);
    assertThat(victim.get("/api/v1/devices").json().getJsonArray("items")).extracting(o -> ((JsonObject) o)
        .getString("name")).containsExactly("old-desk", "tablet");
    assertThat(client().configMaps().inNamespace(OPERATOR_NS)
        .withName(DeviceStore.legacyConfigMapName(names.victim())).get()).isNull();
    assertThat(client().secrets().inNamespace(OPERATOR_NS)
        .withName(DeviceStore.legacyKeySecretName(names.victim())).get()).isNull(); // the tablet's key moved it
    assertThat(victim.get("/api/v1/devices/old-desk/config").body()).contains("PrivateKey = " + VICTIM_PRIVATE_KEY);
    assertThat(attacker.get("/api/v1/devices").json().getJsonArray("items")).isEmpty();
  }

  /** What a release before issue 13 stored for the user: a device with a generated key, under the 32-bit names. */
  private static void plantLegacyRecords(String user) {
    String publicKey = WireGuardKeys.publicKeyOf(VICTIM_PRIVATE_KEY);
    String device = "{\"name\":\"old-desk\",\"user\":\"" + user + "\",\"publicKey\":\"" + publicKey
        + "\",\"address\":\"100.64.200.7\",\"createdAt\":\"2026-01-01T00:00:00Z\"}";
    client().configMaps().inNamespace(OPERATOR_NS).resource(new ConfigMapBuilder().withNewMetadata()
        .withName(DeviceStore.legacyConfigMapName(user)).withNamespace(OPERATOR_NS)
        .addToLabels(DeviceStore.DEVICES_LABEL, "true").addToAnnotations(DeviceStore.USER_ANNOTATION, user)
        .endMetadata().addToData("old-desk", device).build()).create();
    client().secrets().inNamespace(OPERATOR_NS).resource(new SecretBuilder().withNewMetadata()
        .withName(DeviceStore.legacyKeySecretName(user)).withNamespace(OPERATOR_NS)
        .addToAnnotations(DeviceStore.USER_ANNOTATION, user).endMetadata().withType("Opaque")
        .addToData("old-desk", Base64.getEncoder().encodeToString(VICTIM_PRIVATE_KEY
            .getBytes(StandardCharsets.US_ASCII))).build()).create();
  }

  private static KubernetesClient client() {
    return console.operator().client();
  }
}
