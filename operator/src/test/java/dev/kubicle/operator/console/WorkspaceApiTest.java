package dev.kubicle.operator.console;

import static dev.kubicle.operator.console.ConsoleFixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubicle.api.v1alpha1.BuildTransition;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.operator.kube.Labels;
import dev.kubicle.operator.store.AuditQuery;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workspace routes over real HTTP against the real operator: reads, authorization, create, actions, logs. */
class WorkspaceApiTest {
  @TempDir
  static Path dir;
  static ConsoleHarness console;
  static Caller alice;
  static Caller bob;
  static Caller admin;

  @BeforeAll
  static void start() {
    console = ConsoleHarness.start(dir);
    console.operator().createTemplate(ConsoleFixtures.echoWithParameters("dev"));
    ConsoleFixtures.awaitValid(console.operator(), "dev");
    alice = console.member("alice");
    bob = console.member("bob");
    admin = console.session("root", true);
    ConsoleFixtures.runningWorkspace(console.operator(), "alice-1", "dev", "alice");
    ConsoleFixtures.runningWorkspace(console.operator(), "bob-1", "dev", "bob");
  }

  @AfterAll
  static void stop() {
    console.close();
  }

  @Test
  void aMemberListsOnlyTheirOwnWorkspacesAndAnAdminSeesAll() {
    JsonArray mine = alice.get("/api/v1/workspaces").json().getJsonArray("items");
    assertThat(names(mine)).contains("alice-1").doesNotContain("bob-1");
    assertThat(names(alice.get("/api/v1/namespaces/" + NS + "/workspaces").json().getJsonArray("items")))
        .contains("alice-1").doesNotContain("bob-1");
    assertThat(names(admin.get("/api/v1/workspaces").json().getJsonArray("items"))).contains("alice-1", "bob-1");
  }

  @Test
  void anotherMembersWorkspaceAnswersExactlyLikeAMissingOne() {
    Caller.Response other = alice.get("/api/v1/namespaces/" + NS + "/workspaces/bob-1");
    Caller.Response missing = alice.get("/api/v1/namespaces/" + NS + "/workspaces/nobody-here");

    assertThat(other.status()).isEqualTo(404);
    assertThat(other.errorCode()).isEqualTo("not_found");
    assertThat(other.errorMessage()).isEqualTo("workspace default/bob-1 not found");
    assertThat(missing.errorMessage()).isEqualTo("workspace default/nobody-here not found");
    assertThat(alice.get("/api/v1/namespaces/" + NS + "/workspaces/bob-1/builds").status()).isEqualTo(404);
    assertThat(alice.get("/api/v1/namespaces/" + NS + "/workspaces/bob-1/builds/1/logs").status()).isEqualTo(404);
    assertThat(admin.get("/api/v1/namespaces/" + NS + "/workspaces/bob-1").status()).isEqualTo(200);
  }

  @Test
  void aMemberCannotChangeAnotherMembersWorkspaceAndTheAttemptIsAuditedAsDenied() {
    Caller.Response stop = bob.post("/api/v1/namespaces/" + NS + "/workspaces/alice-1/stop", null);
    Caller.Response delete = bob.delete("/api/v1/namespaces/" + NS + "/workspaces/alice-1");

    assertThat(stop.status()).isEqualTo(404);
    assertThat(delete.status()).isEqualTo(404);
    assertThat(console.operator().workspace("alice-1").getSpec().wantsRunning()).isTrue();
    assertThat(console.operator().workspace("alice-1").getMetadata().getDeletionTimestamp()).isNull();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(console.store().audit()
        .query(new AuditQuery("bob", "workspace.stop", NS, "alice-1", null, 0, 10)))
        .singleElement().satisfies(e -> {
          assertThat(e.result()).isEqualTo("denied");
          assertThat(e.kind()).isEqualTo("Workspace");
          assertThat(e.sourceAddress()).isEqualTo("127.0.0.1");
        }));
  }

  @Test
  void aWorkspaceCreatedThroughTheApiCarriesTheCallerAsOwnerAndInitiatorAndRuns() {
    Caller.Response created = alice.post("/api/v1/namespaces/" + NS + "/workspaces", new JsonObject()
        .put("name", "made-by-api").put("template", "dev").put("parameters", new JsonObject().put("cpu", 4)));

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().getString("owner")).isEqualTo("alice");
    Workspace ws = console.operator().awaitPhase("made-by-api", WorkspacePhase.Running);
    assertThat(ws.getSpec().getOwner()).isEqualTo("alice");
    assertThat(ws.getSpec().getParameters()).containsEntry("cpu", "4");
    assertThat(ws.getMetadata().getAnnotations()).containsEntry(Labels.INITIATOR, "alice");
    assertThat(ws.getStatus().getCurrentBuild().getInitiator()).isEqualTo("alice");
  }

  @Test
  void invalidParametersAreRefusedNamingTheParameterAndTheRule() {
    Caller.Response tooBig = alice.post("/api/v1/namespaces/" + NS + "/workspaces", new JsonObject()
        .put("name", "too-big").put("template", "dev").put("parameters", new JsonObject().put("cpu", 64)
            .put("region", "mars")));

    assertThat(tooBig.status()).isEqualTo(422);
    JsonObject error = tooBig.json().getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("invalid");
    assertThat(error.getString("field")).isEqualTo("spec.parameters.cpu");
    assertThat(error.getString("message")).contains("cpu").contains("8");
    assertThat(error.getJsonArray("details").encode()).contains("spec.parameters.region").contains("mars");
    assertThat(console.operator().workspace("too-big")).isNull();

    Caller.Response unknown = alice.post("/api/v1/namespaces/" + NS + "/workspaces", new JsonObject()
        .put("name", "x1").put("template", "dev").put("parameters", new JsonObject().put("gpu", 1)));
    assertThat(unknown.json().getJsonObject("error").getString("field")).isEqualTo("spec.parameters.gpu");

    Caller.Response noTemplate = alice.post("/api/v1/namespaces/" + NS + "/workspaces", new JsonObject()
        .put("name", "x2").put("template", "missing"));
    assertThat(noTemplate.status()).isEqualTo(422);
    assertThat(noTemplate.json().getJsonObject("error").getString("field")).isEqualTo("template");

    Caller.Response badName = alice.post("/api/v1/namespaces/" + NS + "/workspaces", new JsonObject()
        .put("name", "Bad_Name").put("template", "dev"));
    assertThat(badName.json().getJsonObject("error").getString("field")).isEqualTo("name");

    Caller.Response forOther = alice.post("/api/v1/namespaces/" + NS + "/workspaces", new JsonObject()
        .put("name", "x3").put("template", "dev").put("owner", "bob"));
    assertThat(forOther.status()).isEqualTo(422);
    assertThat(forOther.json().getJsonObject("error").getString("field")).isEqualTo("owner");

    Caller.Response duplicate = alice.post("/api/v1/namespaces/" + NS + "/workspaces", new JsonObject()
        .put("name", "alice-1").put("template", "dev"));
    assertThat(duplicate.status()).isEqualTo(409);
  }

  @Test
  void stopStartRestartAndDeleteDriveTheWorkspaceThroughItsBuilds() {
    ConsoleFixtures.runningWorkspace(console.operator(), "cycle", "dev", "alice");
    String path = "/api/v1/namespaces/" + NS + "/workspaces/cycle";

    assertThat(alice.post(path + "/stop", null).status()).isEqualTo(202);
    Workspace stopped = console.operator().awaitPhase("cycle", WorkspacePhase.Stopped);
    assertThat(stopped.getStatus().getCurrentBuild().getInitiator()).isEqualTo("alice");

    assertThat(alice.post(path + "/start", null).status()).isEqualTo(202);
    Workspace started = console.operator().awaitPhase("cycle", WorkspacePhase.Running);
    long before = started.getStatus().getCurrentBuild().getNumber();

    assertThat(alice.post(path + "/restart", null).status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Workspace ws = console.operator().workspace("cycle");
      assertThat(ws.getStatus().getCurrentBuild().getNumber()).isEqualTo(before + 2);
      assertThat(ws.getStatus().getCurrentBuild().getTransition()).isEqualTo(BuildTransition.START);
      assertThat(ws.getStatus().getPhase()).isEqualTo(WorkspacePhase.Running);
      assertThat(ws.getStatus().getBuilds().get(0).getTransition()).isEqualTo(BuildTransition.STOP);
      assertThat(ws.getMetadata().getAnnotations()).doesNotContainKey("kubicle.dev/restart");
    });

    JsonArray builds = alice.get(path + "/builds").json().getJsonArray("items");
    assertThat(builds.getJsonObject(0).getLong("number")).isEqualTo(before + 2);
    assertThat(builds.getJsonObject(1).getString("transition")).isEqualTo("stop");

    assertThat(alice.delete(path).status()).isEqualTo(202);
    console.operator().awaitGone("cycle");
  }

  @Test
  void updateMovesAPinnedWorkspaceToTheLatestTemplateVersion() {
    console.operator().createTemplate(ConsoleFixtures.echoWithParameters("moving"));
    ConsoleFixtures.awaitValid(console.operator(), "moving");
    String first = console.operator().template("moving").getStatus().getLatestVersion();
    Caller.Response created = alice.post("/api/v1/namespaces/" + NS + "/workspaces", new JsonObject()
        .put("name", "pinned").put("template", "moving").put("version", first));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    console.operator().awaitPhase("pinned", WorkspacePhase.Running);
    var template = console.operator().template("moving");
    template.getSpec().getFiles().put("extra.tf", "# a new version\n");
    template.setStatus(null);
    console.operator().client().resource(template).update();
    await().atMost(Duration.ofSeconds(30)).until(() ->
        !first.equals(console.operator().template("moving").getStatus().getLatestVersion()));
    String second = console.operator().template("moving").getStatus().getLatestVersion();
    await().atMost(Duration.ofSeconds(30)).until(() ->
        second.equals(alice.get("/api/v1/namespaces/" + NS + "/templates/moving").json().getString("latestVersion")));

    assertThat(alice.post("/api/v1/namespaces/" + NS + "/workspaces/pinned/update", null).status()).isEqualTo(202);

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Workspace ws = console.operator().workspace("pinned");
      assertThat(ws.getSpec().getTemplate().getVersion()).isEqualTo(second);
      assertThat(ws.getStatus().getTemplateVersion()).isEqualTo(second);
      assertThat(ws.getStatus().getPhase()).isEqualTo(WorkspacePhase.Running);
    });
  }

  @Test
  void buildLogLinesArePagedByAfterSeqAndSayWhenTheBuildIsComplete() {
    Workspace ws = console.operator().workspace("alice-1");
    long build = ws.getStatus().getCurrentBuild().getNumber();
    console.store().buildLogs().append(ws.getMetadata().getUid(), build, Instant.now(),
        List.of("line one", "<script>alert(1)</script>", "line three"));
    String path = "/api/v1/namespaces/" + NS + "/workspaces/alice-1/builds/" + build + "/logs";

    JsonObject first = alice.get(path + "?limit=2").json();
    assertThat(first.getJsonArray("items")).hasSize(2);
    assertThat(first.getBoolean("complete")).isFalse();
    JsonObject rest = alice.get(path + "?afterSeq=" + first.getLong("afterSeq")).json();
    assertThat(rest.getJsonArray("items").getJsonObject(0).getString("text")).isEqualTo("line three");
    assertThat(rest.getBoolean("complete")).isTrue();
    Caller.Response all = alice.get(path);
    assertThat(all.header("Content-Type")).isEqualTo("application/json");
    assertThat(all.json().getJsonArray("items").getJsonObject(1).getString("text"))
        .isEqualTo("<script>alert(1)</script>");
    assertThat(alice.get("/api/v1/namespaces/" + NS + "/workspaces/alice-1/builds/999/logs").status())
        .isEqualTo(404);
  }

  private static List<String> names(JsonArray items) {
    return items.stream().map(o -> ((JsonObject) o).getString("name")).toList();
  }
}
