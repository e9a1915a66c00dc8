package dev.kubicle.operator.console;

import static dev.kubicle.operator.console.ConsoleFixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubicle.operator.agentapi.UserKeys;
import dev.kubicle.operator.network.LegacyNameCollision;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, hole 7 (SSH keys): keys ConfigMaps were named by a 32-bit hash of the user name, so a member whose name
 * collides with a victim's shared the victim's ConfigMap name: the second writer replaced the first one's keys (the
 * victim could no longer log in over SSH). On the main before this change the first test fails: the victim's keys
 * are gone once the attacker saves theirs.
 */
class UserKeysNameCollisionTest {
  private static final String PATH = "/api/v1/namespaces/" + NS + "/sshkeys";

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
  void aMemberWhoseNameHashCollidesNeitherBlocksNorReplacesTheVictimsKeys() {
    LegacyNameCollision.Pair names = LegacyNameCollision.find("a-member-with-a-long-name-whose-keys-collide-");
    assertThat(UserKeys.legacyConfigMapName(names.victim())).isEqualTo(UserKeys.legacyConfigMapName(names.attacker()));
    Caller victim = console.member(names.victim());
    Caller attacker = console.member(names.attacker());
    String victimKey = key(1, "victim@laptop");
    String attackerKey = key(2, "attacker@laptop");

    assertThat(victim.post(PATH, new JsonObject().put("key", victimKey)).status()).isEqualTo(201);
    Caller.Response second = attacker.post(PATH, new JsonObject().put("key", attackerKey));
    assertThat(second.status()).as(second.body()).isEqualTo(201);

    // What each agent is handed: its owner's keys and nobody else's.
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(keysOf(names.victim())).containsExactly(victimKey);
      assertThat(keysOf(names.attacker())).containsExactly(attackerKey);
    });
    assertThat(victim.get(PATH).json().getJsonArray("items").encode()).contains("victim@laptop")
        .doesNotContain("attacker@laptop");
    assertThat(attacker.get(PATH).json().getJsonArray("items").encode()).contains("attacker@laptop")
        .doesNotContain("victim@laptop");
  }

  @Test
  void aLegacyKeysConfigMapIsReadForItsOwnerOnlyAndMovedOnTheOwnersNextWrite() {
    LegacyNameCollision.Pair names = LegacyNameCollision.find("a-member-whose-ssh-keys-predate-the-upgrade-");
    String legacyName = UserKeys.legacyConfigMapName(names.victim());
    String oldKey = key(3, "victim@old-desk");
    client().configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName(legacyName)
        .withNamespace(NS).addToAnnotations(UserKeys.USER_ANNOTATION, names.victim())
        .addToLabels(UserKeys.LABEL, "true").endMetadata().addToData(UserKeys.KEY, oldKey + "\n").build()).create();
    Caller victim = console.member(names.victim());
    Caller attacker = console.member(names.attacker());

    // After the upgrade the victim's agents still get the old key; the colliding member's never do.
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(keysOf(names.victim())).containsExactly(oldKey));
    assertThat(keysOf(names.attacker())).isEmpty();
    assertThat(attacker.get(PATH).json().getJsonArray("items")).isEmpty();

    // The colliding member saving keys leaves the victim's legacy ConfigMap alone.
    String attackerKey = key(4, "attacker@laptop");
    assertThat(attacker.post(PATH, new JsonObject().put("key", attackerKey)).status()).isEqualTo(201);
    assertThat(client().configMaps().inNamespace(NS).withName(legacyName).get().getData().get(UserKeys.KEY))
        .contains(oldKey);

    // The victim's next write moves the keys to the collision-proof name, losing none.
    String newKey = key(5, "victim@laptop");
    assertThat(victim.post(PATH, new JsonObject().put("key", newKey)).status()).isEqualTo(201);
    assertThat(client().configMaps().inNamespace(NS).withName(legacyName).get()).isNull();
    ConfigMap moved = client().configMaps().inNamespace(NS).withName(UserKeys.configMapName(names.victim())).get();
    assertThat(moved.getData().get(UserKeys.KEY)).contains(oldKey).contains(newKey);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(keysOf(names.victim())).containsExactly(oldKey, newKey);
      assertThat(keysOf(names.attacker())).containsExactly(attackerKey);
    });
  }

  private static java.util.List<String> keysOf(String user) {
    return console.operator().operator().userKeys().authorizedKeys(NS, user);
  }

  /** A well-formed ssh-ed25519 public key line whose 32 key bytes are all {@code seed}: deterministic and distinct. */
  private static String key(int seed, String comment) {
    byte[] type = "ssh-ed25519".getBytes(StandardCharsets.US_ASCII);
    ByteBuffer blob = ByteBuffer.allocate(4 + type.length + 4 + 32).putInt(type.length).put(type).putInt(32);
    for (int i = 0; i < 32; i++) {
      blob.put((byte) seed);
    }
    return "ssh-ed25519 " + Base64.getEncoder().encodeToString(blob.array()) + " " + comment;
  }

  private static KubernetesClient client() {
    return console.operator().client();
  }
}
