package dev.kubicle.operator.console;

import static dev.kubicle.operator.console.ConsoleFixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubicle.operator.store.AuditEntry;
import dev.kubicle.operator.store.AuditQuery;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSRF, security headers, the admin-only audit log and what gets audited, over real HTTP. */
class WebSafetyTest {
  @TempDir
  static Path dir;
  static ConsoleHarness console;

  @BeforeAll
  static void start() {
    console = ConsoleHarness.start(dir);
    console.operator().createTemplate(ConsoleFixtures.echoWithParameters("dev"));
    ConsoleFixtures.awaitValid(console.operator(), "dev");
    ConsoleFixtures.runningWorkspace(console.operator(), "carol-1", "dev", "carol");
  }

  @AfterAll
  static void stop() {
    console.close();
  }

  @Test
  void aSessionRequestWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
    Caller carol = console.session("carol", false);
    String stop = "/api/v1/namespaces/" + NS + "/workspaces/carol-1/stop";

    Caller.Response missing = carol.withoutCsrf().post(stop, null);
    Caller.Response wrong = carol.withCsrf("not-the-token").post(stop, null);
    Caller.Response foreign = carol.send("POST", stop, "", Map.of("Origin", "https://evil.example",
        "Content-Type", "application/json"));

    assertThat(missing.status()).isEqualTo(403);
    assertThat(missing.errorCode()).isEqualTo("csrf");
    assertThat(wrong.status()).isEqualTo(403);
    assertThat(foreign.status()).isEqualTo(403);
    assertThat(console.operator().workspace("carol-1").getSpec().wantsRunning()).isTrue();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(console.store().audit()
        .query(new AuditQuery("carol", null, null, null, null, 0, 50)))
        .filteredOn(e -> e.result().equals("denied")).hasSizeGreaterThanOrEqualTo(3));
  }

  @Test
  void theCsrfTokenFromMeLetsTheSessionChangeStateAndBearerTokensNeedNone() {
    Caller carol = console.session("carol", false);
    String token = carol.get("/api/v1/me").json().getString("csrfToken");
    assertThat(token).isEqualTo(carol.csrf());

    Caller.Response withToken = carol.withCsrf(token).post("/api/v1/tokens", new JsonObject().put("name", "ci"));
    assertThat(withToken.status()).isEqualTo(201);
    Caller bearer = console.member("carol");
    assertThat(bearer.post("/api/v1/tokens", new JsonObject().put("name", "ci-2")).status()).isEqualTo(201);
    assertThat(bearer.get("/api/v1/me").json().containsKey("csrfToken")).isFalse();
  }

  @Test
  void everyResponseCarriesTheSecurityHeaders() {
    for (Caller.Response response : List.of(console.anonymous().get("/login"),
        console.member("dave").get("/api/v1/workspaces"), console.anonymous().get("/api/v1/workspaces"),
        console.anonymous().get("/api/v1/openapi.json"))) {
      assertThat(response.header("Content-Security-Policy")).contains("frame-ancestors 'none'")
          .contains("script-src 'self'").doesNotContain("unsafe-inline");
      assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
      assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
    }
    assertThat(console.anonymous().get("/healthz").body()).isEqualTo("ok\n");
  }

  @Test
  void anonymousCallsGet401WithAJsonMessage() {
    Caller.Response response = console.anonymous().get("/api/v1/workspaces");
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.errorCode()).isEqualTo("unauthenticated");
    assertThat(response.errorMessage()).contains("/auth/login");
    Caller.Response unknownRoute = console.member("dave").get("/api/v1/no-such-thing");
    assertThat(unknownRoute.status()).isEqualTo(404);
    assertThat(unknownRoute.errorCode()).isEqualTo("not_found");
  }

  @Test
  void onlyAdminsReadTheAuditLogWhichRecordsWhoWhatWhereAndTheResult() {
    Caller erin = console.member("erin");
    erin.post("/api/v1/namespaces/" + NS + "/workspaces", new JsonObject().put("name", "Bad Name")
        .put("template", "dev"));
    assertThat(erin.get("/api/v1/audit").status()).isEqualTo(403);

    Caller admin = console.session("root", true);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      var items = admin.get("/api/v1/audit?actor=erin&action=workspace.create").json().getJsonArray("items");
      assertThat(items).hasSize(1);
      JsonObject entry = items.getJsonObject(0);
      assertThat(entry.getString("result")).isEqualTo("invalid");
      assertThat(entry.getString("namespace")).isEqualTo(NS);
      assertThat(entry.getString("name")).isEqualTo("Bad Name");
      assertThat(entry.getString("sourceAddress")).isEqualTo("127.0.0.1");
      assertThat(entry.getString("detail")).contains("not a valid workspace name");
    });
  }

  @Test
  void getRequestsNeverChangeStateNorWriteTheAuditLog() {
    Caller frank = console.session("frank", true);
    var before = snapshot();
    for (String path : List.of("/api/v1/me", "/api/v1/workspaces", "/api/v1/namespaces/" + NS + "/workspaces",
        "/api/v1/namespaces/" + NS + "/workspaces/carol-1", "/api/v1/namespaces/" + NS + "/workspaces/carol-1/builds",
        "/api/v1/namespaces/" + NS + "/workspaces/carol-1/builds/1/logs", "/api/v1/templates",
        "/api/v1/namespaces/" + NS + "/templates", "/api/v1/namespaces/" + NS + "/templates/dev", "/api/v1/tasks",
        "/api/v1/namespaces/" + NS + "/tasks", "/api/v1/namespaces/" + NS + "/sshkeys", "/api/v1/tokens",
        "/api/v1/audit", "/api/v1/openapi.json", "/login", "/login/dev", "/auth/login",
        "/api/v1/namespaces/" + NS + "/workspaces/carol-1/stop", "/auth/logout", "/auth/dev-login",
        "/api/v1/usage", "/api/v1/usage.csv", "/api/v1/usage?mine", "/api/v1/namespaces/" + NS + "/tasks/t/transcript",
        "/api/v1/namespaces/" + NS + "/tasks/t/model-calls", "/api/v1/namespaces/" + NS + "/tasks/t/tool-calls",
        "/api/v1/namespaces/" + NS + "/tasks/t/cancel")) {
      int status = frank.get(path).status();
      assertThat(status).as(path).isLessThan(500);
    }
    assertThat(frank.get("/api/v1/me").status()).as("the session still works: GET /auth/logout did nothing")
        .isEqualTo(200);
    assertThat(snapshot()).isEqualTo(before);
  }

  private List<Object> snapshot() {
    var ws = console.operator().workspace("carol-1");
    List<AuditEntry> audit = console.store().audit().query(AuditQuery.latest(500));
    return List.of(ws.getMetadata().getResourceVersion(), ws.getSpec().wantsRunning(), audit.size(),
        console.operator().client().configMaps().inNamespace(NS).list().getItems().size());
  }
}
