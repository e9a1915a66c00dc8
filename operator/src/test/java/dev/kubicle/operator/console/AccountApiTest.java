package dev.kubicle.operator.console;

import static dev.kubicle.operator.console.ConsoleFixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubicle.api.v1alpha1.AgentTask;
import dev.kubicle.operator.console.auth.Secrets;
import dev.kubicle.operator.store.ApiTokenRecord;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API tokens (create, use, list, revoke, expiry), SSH keys, tasks and templates, over real HTTP. */
class AccountApiTest {
  static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAAhzejBirtmuD6lQRASbClFlwJ+jf1maP5RMn7X7k0v "
      + "gina@laptop";

  @TempDir
  static Path dir;
  static ConsoleHarness console;

  @BeforeAll
  static void start() {
    console = ConsoleHarness.start(dir);
    console.operator().createTemplate(ConsoleFixtures.echoWithParameters("dev"));
    ConsoleFixtures.awaitValid(console.operator(), "dev");
  }

  @AfterAll
  static void stop() {
    console.close();
  }

  @Test
  void aCreatedTokenIsShownOnceWorksAsBearerAndStopsWorkingWhenRevoked() {
    Caller gina = console.member("gina");
    Caller.Response created = gina.post("/api/v1/tokens", new JsonObject().put("name", "laptop")
        .put("lifetime", "24h"));
    assertThat(created.status()).isEqualTo(201);
    String token = created.json().getString("token");
    String id = created.json().getString("id");
    assertThat(token).matches("kbt_[0-9a-f]{24}_[A-Za-z0-9_-]{43}").startsWith("kbt_" + id + "_");
    ApiTokenRecord stored = console.store().apiTokens().byId(id).orElseThrow();
    assertThat(stored.secretHash()).isEqualTo(Secrets.sha256(token.substring(("kbt_" + id + "_").length())));

    Caller script = new Caller(console.base(), "Bearer " + token, null, null);
    assertThat(script.get("/api/v1/me").json().getString("name")).isEqualTo("gina");
    JsonArray listed = gina.get("/api/v1/tokens").json().getJsonArray("items");
    assertThat(listed.encode()).contains(id).doesNotContain(token.substring(30));

    assertThat(gina.delete("/api/v1/tokens/" + id).status()).isEqualTo(204);
    Caller.Response refused = script.get("/api/v1/me");
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.errorMessage()).contains(id).contains("revoked");
    assertThat(console.member("hank").delete("/api/v1/tokens/" + id).status()).as("not hank's token")
        .isEqualTo(404);
  }

  @Test
  void anExpiredTokenGets401SayingSo() {
    var user = console.store().users().login(ConsoleHarness.IDP, "sub-ivy", "ivy", null, Instant.now());
    String id = Secrets.randomHex(12);
    String secret = Secrets.random(32);
    Instant created = Instant.now().minus(Duration.ofDays(2));
    console.store().apiTokens().insert(new ApiTokenRecord(id, user.key(), "ivy", "old", Secrets.sha256(secret),
        created, created.plus(Duration.ofDays(1)), null, null));

    Caller.Response response = new Caller(console.base(), "Bearer kbt_" + id + "_" + secret, null, null)
        .get("/api/v1/workspaces");

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.header("Content-Type")).isEqualTo("application/json");
    assertThat(response.errorMessage()).contains("expired");
    Caller.Response tooLong = console.member("ivy").post("/api/v1/tokens", new JsonObject().put("name", "x")
        .put("lifetime", "100000h"));
    assertThat(tooLong.status()).isEqualTo(422);
    assertThat(tooLong.json().getJsonObject("error").getString("field")).isEqualTo("lifetime");
  }

  @Test
  void sshKeysAreAddedListedAndRemovedInTheUsersKeysConfigMap() {
    Caller gina = console.member("gina");
    String path = "/api/v1/namespaces/" + NS + "/sshkeys";
    Caller.Response added = gina.post(path, new JsonObject().put("key", KEY));
    assertThat(added.status()).as(added.body()).isEqualTo(201);
    String fingerprint = added.json().getString("fingerprint");
    assertThat(fingerprint).startsWith("SHA256:");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(console.operator().operator().userKeys().authorizedKeys(NS, "gina")).containsExactly(KEY));

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(gina.get(path).json().getJsonArray("items").encode()).contains(fingerprint));
    assertThat(console.member("hank").get(path).json().getJsonArray("items")).isEmpty();
    assertThat(gina.post(path, new JsonObject().put("key", "ssh-ed25519 bm90IGEga2V5")).status()).isEqualTo(422);
    assertThat(gina.post(path, new JsonObject().put("key", "-----BEGIN OPENSSH PRIVATE KEY-----")).json()
        .getJsonObject("error").getString("message")).contains("private key");

    assertThat(gina.delete(path + "/" + added.json().getString("id")).status()).isEqualTo(204);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(console.operator().operator().userKeys().authorizedKeys(NS, "gina")).isEmpty());
  }

  @Test
  void tasksAreVisibleToTheirOwnerAndAdminsOnly() {
    AgentTask task = new AgentTask();
    task.setMetadata(new ObjectMetaBuilder().withNamespace(NS).withName("fix-tests").build());
    task.getSpec().setOwner("gina");
    task.getSpec().setWorkspace("gina-1");
    task.getSpec().setPrompt("make the tests pass");
    console.operator().client().resource(task).create();
    Caller gina = console.member("gina");

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(gina.get("/api/v1/tasks").json().getJsonArray("items")).hasSize(1));
    JsonObject one = gina.get("/api/v1/namespaces/" + NS + "/tasks/fix-tests").json();
    assertThat(one.getJsonObject("spec").getString("prompt")).isEqualTo("make the tests pass");
    assertThat(console.member("hank").get("/api/v1/namespaces/" + NS + "/tasks/fix-tests").status()).isEqualTo(404);
    assertThat(console.member("hank").get("/api/v1/tasks").json().getJsonArray("items")).isEmpty();
    assertThat(console.session("root", true).get("/api/v1/namespaces/" + NS + "/tasks").json()
        .getJsonArray("items")).hasSize(1);
  }

  @Test
  void templatesShowTheirVersionsAndTheParameterSchema() {
    Caller gina = console.member("gina");
    JsonObject template = gina.get("/api/v1/namespaces/" + NS + "/templates/dev").json();
    String latest = template.getString("latestVersion");
    assertThat(latest).isNotBlank();
    assertThat(template.getJsonArray("versions").encode()).contains(latest);
    JsonObject cpu = template.getJsonArray("parameters").getJsonObject(0);
    assertThat(cpu.getString("name")).isEqualTo("cpu");
    assertThat(cpu.getString("type")).isEqualTo("number");
    assertThat(cpu.getJsonObject("validation").getLong("max")).isEqualTo(8L);
    assertThat(cpu.getBoolean("required")).isFalse();

    JsonObject version = gina.get("/api/v1/namespaces/" + NS + "/templates/dev/versions/" + latest).json();
    assertThat(version.getJsonArray("parameters")).hasSize(2);
    assertThat(version.getJsonArray("files").encode()).contains("main.tf");
    assertThat(gina.get("/api/v1/templates").json().getJsonArray("items")).hasSize(1);
    assertThat(gina.get("/api/v1/namespaces/" + NS + "/templates/none").status()).isEqualTo(404);
    assertThat(gina.get("/api/v1/namespaces/" + NS + "/templates/dev/versions/nope").status()).isEqualTo(404);
  }
}
