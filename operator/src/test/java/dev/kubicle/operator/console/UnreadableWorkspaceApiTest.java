package dev.kubicle.operator.console;

import static dev.kubicle.operator.console.ConsoleFixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Workspace the operator cannot read does not break the API: admins see why; nobody can change it through it. */
class UnreadableWorkspaceApiTest {
  private static final String MESSAGE = "spec.running: expected a boolean (true or false), found a string";
  @TempDir
  static Path dir;
  static ConsoleHarness console;
  static Caller alice;
  static Caller admin;

  @BeforeAll
  static void start() {
    console = ConsoleHarness.start(dir);
    console.operator().createTemplate(ConsoleFixtures.echoWithParameters("dev"));
    ConsoleFixtures.awaitValid(console.operator(), "dev");
    alice = console.member("alice");
    admin = console.session("root", true);
    ConsoleFixtures.runningWorkspace(console.operator(), "alice-ok", "dev", "alice");
    console.operator().cluster().storeUnvalidated("workspaces", """
        {"apiVersion":"kubicle.dev/v1alpha1","kind":"Workspace","metadata":{"name":"alice-bad","namespace":"%s"},
         "spec":{"template":{"name":"dev"},"owner":"alice","running":"yes-please"}}""".formatted(NS));
    await().atMost(Duration.ofSeconds(20)).until(() -> unreadable(admin.get("/api/v1/workspaces").json()
        .getJsonArray("items")) != null);
  }

  @AfterAll
  static void stop() {
    console.close();
  }

  @Test
  void anAdminSeesTheUnreadableWorkspaceAndWhyAndOthersAreStillListed() {
    JsonArray items = admin.get("/api/v1/workspaces").json().getJsonArray("items");

    assertThat(unreadable(items)).isEqualTo(MESSAGE);
    assertThat(names(items)).contains("alice-ok", "alice-bad");
    assertThat(admin.get("/api/v1/namespaces/" + NS + "/workspaces/alice-bad").json().getString("unreadable"))
        .isEqualTo(MESSAGE);
  }

  @Test
  void itsOwnerCannotBeKnownSoOnlyAdminsSeeIt() {
    assertThat(names(alice.get("/api/v1/workspaces").json().getJsonArray("items")))
        .contains("alice-ok").doesNotContain("alice-bad");
  }

  @Test
  void changesThroughTheApiAreRefusedNamingTheField() {
    Caller.Response start = admin.post("/api/v1/namespaces/" + NS + "/workspaces/alice-bad/start", null);

    assertThat(start.status()).isEqualTo(409);
    assertThat(start.errorMessage()).contains(MESSAGE).contains("kubectl edit");
  }

  private static String unreadable(JsonArray items) {
    return IntStream.range(0, items.size()).mapToObj(items::getJsonObject)
        .filter(o -> "alice-bad".equals(o.getString("name"))).map(o -> o.getString("unreadable"))
        .findFirst().orElse(null);
  }

  private static List<String> names(JsonArray items) {
    return IntStream.range(0, items.size()).mapToObj(items::getJsonObject).map(o -> o.getString("name")).toList();
  }
}
