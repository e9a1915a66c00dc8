package dev.kubicle.operator.console;

import static dev.kubicle.operator.console.ConsoleFixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubicle.api.v1alpha1.AgentTask;
import dev.kubicle.api.v1alpha1.TaskPhase;
import dev.kubicle.operator.store.AuditEntry;
import dev.kubicle.operator.store.AuditQuery;
import dev.kubicle.operator.store.ModelCallEntry;
import dev.kubicle.operator.store.TaskRef;
import dev.kubicle.operator.store.ToolCallEntry;
import dev.kubicle.operator.store.TranscriptEntry;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task API over real HTTP: create on my workspace, cancel, the transcript (paged and live), model and tool call
 * records; members reach only their own tasks (another's answers 404), sessions need the CSRF token.
 */
class TaskApiTest {
  @TempDir
  static Path dir;
  static ConsoleHarness console;
  static final String TASKS = "/api/v1/namespaces/" + NS + "/tasks";

  @BeforeAll
  static void start() {
    console = ConsoleHarness.start(dir);
    console.operator().createTemplate(ConsoleFixtures.echoWithParameters("dev"));
    ConsoleFixtures.awaitValid(console.operator(), "dev");
    ConsoleFixtures.runningWorkspace(console.operator(), "alice-ws", "dev", "alice");
    ConsoleFixtures.runningWorkspace(console.operator(), "bob-ws", "dev", "bob");
  }

  @AfterAll
  static void stop() {
    console.close();
  }

  /** A task made with kubectl-like access, waiting for a workspace that does not exist: it stays Pending. */
  static AgentTask pendingTask(String name, String owner) {
    AgentTask task = new AgentTask();
    task.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    task.getSpec().setWorkspace("not-created-yet");
    task.getSpec().setOwner(owner);
    task.getSpec().setPrompt("wait");
    AgentTask created = console.operator().client().resource(task).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> phase(name) == TaskPhase.Pending);
    await().atMost(Duration.ofSeconds(10)).until(() -> console.member(owner).get(TASKS + "/" + name).status() == 200);
    return created;
  }

  static TaskPhase phase(String name) {
    AgentTask t = console.operator().client().resources(AgentTask.class).inNamespace(NS).withName(name).get();
    return t == null || t.getStatus() == null ? null : t.getStatus().getPhase();
  }

  static List<AuditEntry> audit(String actor, String action) {
    return console.store().audit().query(new AuditQuery(actor, action, null, null, null, 0, 50));
  }

  @Test
  void aMemberCreatesATaskOnTheirOwnWorkspaceAsItsOwner() {
    Caller alice = console.session("alice", false);
    Caller.Response created = alice.post(TASKS, new JsonObject().put("name", "fix-it").put("workspace", "alice-ws")
        .put("prompt", "Make the failing test pass.").put("model", "sonnet")
        .put("limits", new JsonObject().put("maxTurns", 5).put("timeout", "10m"))
        .put("allowedTools", new JsonArray().add("read_file").add("edit_file")));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().getJsonObject("spec").getString("owner")).isEqualTo("alice");
    AgentTask stored = console.operator().client().resources(AgentTask.class).inNamespace(NS).withName("fix-it")
        .get();
    assertThat(stored.getSpec().getOwner()).isEqualTo("alice");
    assertThat(stored.getSpec().getWorkspace()).isEqualTo("alice-ws");
    assertThat(stored.getSpec().getLimits().getMaxTurns()).isEqualTo(5);
    assertThat(stored.getSpec().getAllowedTools()).containsExactly("read_file", "edit_file");
    Caller.Response unnamed = console.member("alice").post(TASKS, new JsonObject().put("workspace", "alice-ws")
        .put("prompt", "Another one."));
    assertThat(unnamed.status()).isEqualTo(201);
    assertThat(unnamed.json().getString("name")).matches("task-[0-9a-f]{8}");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(audit("alice", "task.create"))
        .extracting(AuditEntry::result).containsOnly("ok").hasSize(2));
  }

  @Test
  void createIsRefusedWithTheFieldForAnothersWorkspaceBadSpecsAndAnOwnerOfOnesChoice() {
    Caller carol = console.member("carol");
    ConsoleFixtures.runningWorkspace(console.operator(), "carol-ws", "dev", "carol");
    JsonObject valid = new JsonObject().put("workspace", "carol-ws").put("prompt", "go");

    Caller.Response others = carol.post(TASKS, valid.copy().put("workspace", "bob-ws"));
    Caller.Response missing = carol.post(TASKS, valid.copy().put("workspace", "nope"));
    Caller.Response noPrompt = carol.post(TASKS, valid.copy().put("prompt", " "));
    Caller.Response badTool = carol.post(TASKS, valid.copy().put("allowedTools", new JsonArray().add("rm_rf")));
    Caller.Response zeroTurns = carol.post(TASKS, valid.copy().put("limits", new JsonObject().put("maxTurns", 0)));
    Caller.Response badTimeout = carol.post(TASKS, valid.copy().put("limits", new JsonObject().put("timeout",
        "soon")));
    Caller.Response owner = carol.post(TASKS, valid.copy().put("owner", "bob"));
    Caller.Response badName = carol.post(TASKS, valid.copy().put("name", "Not A Name"));
    Caller.Response notJson = carol.send("POST", TASKS, "workspace=carol-ws",
        Map.of("Content-Type", "application/x-www-form-urlencoded"));

    assertThat(others.status()).isEqualTo(422);
    assertThat(others.json().getJsonObject("error").getString("field")).isEqualTo("spec.workspace");
    assertThat(missing.errorMessage()).as("another's workspace answers like a missing one")
        .isEqualTo(others.errorMessage().replace("bob-ws", "nope"));
    assertThat(noPrompt.status()).isEqualTo(422);
    assertThat(noPrompt.json().getJsonObject("error").getString("field")).isEqualTo("spec.prompt");
    assertThat(badTool.json().getJsonObject("error").getString("field")).isEqualTo("spec.allowedTools[0]");
    assertThat(badTool.errorMessage()).contains("rm_rf").contains("execute, read_file");
    assertThat(zeroTurns.status()).isEqualTo(422);
    assertThat(zeroTurns.json().getJsonObject("error").getString("field")).isEqualTo("spec.limits.maxTurns");
    assertThat(badTimeout.json().getJsonObject("error").getString("field")).isEqualTo("spec.limits.timeout");
    assertThat(owner.status()).isEqualTo(400);
    assertThat(owner.errorMessage()).contains("unknown field owner");
    assertThat(badName.status()).isEqualTo(422);
    assertThat(notJson.status()).isEqualTo(415);
    assertThat(console.operator().client().resources(AgentTask.class).inNamespace(NS).list().getItems())
        .noneMatch(t -> "carol".equals(t.getSpec().getOwner()));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(audit("carol", "task.create"))
        .extracting(AuditEntry::result).contains("denied", "invalid").doesNotContain("ok"));
  }

  @Test
  void theOwnerCancelsATaskAnotherMemberCannotAndAnEndedTaskCannotBeCancelledAgain() {
    pendingTask("to-cancel", "dave");
    Caller dave = console.session("dave", false);

    Caller.Response byEve = console.member("eve").post(TASKS + "/to-cancel/cancel", null);
    Caller.Response forged = dave.withoutCsrf().post(TASKS + "/to-cancel/cancel", null);
    assertThat(byEve.status()).isEqualTo(404);
    assertThat(byEve.errorMessage()).isEqualTo("task " + NS + "/to-cancel not found");
    assertThat(forged.status()).isEqualTo(403);
    assertThat(phase("to-cancel")).isEqualTo(TaskPhase.Pending);

    Caller.Response cancelled = dave.post(TASKS + "/to-cancel/cancel", null);
    assertThat(cancelled.status()).isEqualTo(202);
    assertThat(cancelled.json().getJsonObject("spec").getBoolean("cancel")).isTrue();
    await().atMost(Duration.ofSeconds(20)).until(() -> phase("to-cancel") == TaskPhase.Cancelled);
    await().atMost(Duration.ofSeconds(10)).until(() -> TaskPhase.Cancelled.name().equals(dave.get(TASKS
        + "/to-cancel").json().getJsonObject("status").getString("phase")));
    Caller.Response again = dave.post(TASKS + "/to-cancel/cancel", null);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.errorMessage()).contains("already ended (Cancelled)");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(audit("dave", "task.cancel")).as("the cancel, then the refused second one")
          .extracting(AuditEntry::result).containsExactlyInAnyOrder("ok", "invalid");
      assertThat(audit("dave", null)).as("the forged request, refused before any route ran")
          .anyMatch(e -> e.result().equals("denied") && e.action().contains("/to-cancel/cancel"));
      assertThat(audit("eve", "task.cancel")).extracting(AuditEntry::result).containsExactly("denied");
    });
  }

  @Test
  void theTranscriptAndCallRecordsAreReadInPagesByTheOwnerOrAnAdminOnly() {
    AgentTask task = pendingTask("recorded", "frank");
    String uid = task.getMetadata().getUid();
    TaskRef ref = new TaskRef(NS, "recorded", uid, "frank", "not-created-yet");
    Instant at = Instant.parse("2026-11-02T09:00:00Z");
    console.store().taskRecords().append(ref, TranscriptEntry.whole(1, at, "user",
        "{\"role\":\"user\",\"text\":\"<script>alert(1)</script> fix it\"}", 50), Long.MAX_VALUE);
    console.store().taskRecords().append(ref, TranscriptEntry.whole(2, at, "assistant",
        "{\"role\":\"assistant\",\"toolCalls\":[{\"id\":\"t1\",\"name\":\"execute\",\"input\":{\"command\":\"ls\"}}]}",
        80), Long.MAX_VALUE);
    console.store().taskRecords().append(ref, new TranscriptEntry(3, at, "tool_results", null, 5_000_000, false,
        false, true), Long.MAX_VALUE);
    console.store().taskRecords().modelCall(ref, new ModelCallEntry(at, 1, "anthropic", "anthropic", "sonnet", "ok",
        "tool_use", 100, 10, 0, 0, 450L, 1, 900, null));
    console.store().taskRecords().toolCall(ref, new ToolCallEntry(at, 1, "t1", uid + "/1/0/t1", "execute",
        "{\"command\":\"ls\"}", 12, 0, 42, false, false, null));
    Caller frank = console.member("frank");

    JsonObject first = frank.get(TASKS + "/recorded/transcript?limit=2").json();
    JsonObject rest = frank.get(TASKS + "/recorded/transcript?afterSeq=" + first.getLong("afterSeq")).json();
    JsonObject models = frank.get(TASKS + "/recorded/model-calls").json();
    JsonObject tools = frank.get(TASKS + "/recorded/tool-calls").json();

    assertThat(first.getJsonArray("items")).hasSize(2);
    assertThat(first.getLong("afterSeq")).isEqualTo(2);
    assertThat(first.getBoolean("complete")).isFalse();
    JsonObject prompt = first.getJsonArray("items").getJsonObject(0);
    assertThat(prompt.getJsonObject("message").getString("text")).as("text, never markup")
        .isEqualTo("<script>alert(1)</script> fix it");
    assertThat(first.getJsonArray("items").getJsonObject(1).getJsonObject("message").getJsonArray("toolCalls")
        .getJsonObject(0).getString("name")).isEqualTo("execute");
    JsonObject omitted = rest.getJsonArray("items").getJsonObject(0);
    assertThat(omitted.getBoolean("omitted")).isTrue();
    assertThat(omitted.getLong("bytes")).isEqualTo(5_000_000);
    assertThat(omitted.getString("note")).contains("cap");
    assertThat(rest.getBoolean("complete")).as("the task has not ended").isFalse();
    JsonObject call = models.getJsonArray("items").getJsonObject(0);
    assertThat(call.getString("owner")).isEqualTo("frank");
    assertThat(call.getString("ownerKey")).isEqualTo(ConsoleHarness.IDP + "|sub-frank");
    assertThat(call.getLong("costMicros")).isEqualTo(450);
    assertThat(call.getJsonObject("usage").getLong("input")).isEqualTo(100);
    assertThat(tools.getJsonArray("items").getJsonObject(0).getString("arguments")).isEqualTo("{\"command\":\"ls\"}");
    assertThat(tools.getJsonArray("items").getJsonObject(0).getInteger("exitCode")).isZero();

    Caller grace = console.member("grace");
    for (String path : List.of("/transcript", "/model-calls", "/tool-calls", "/transcript/events")) {
      assertThat(grace.get(TASKS + "/recorded" + path).status()).as(path).isEqualTo(404);
      assertThat(console.anonymous().get(TASKS + "/recorded" + path).status()).as(path).isEqualTo(401);
    }
    assertThat(console.session("root", true).get(TASKS + "/recorded/model-calls").json().getJsonArray("items"))
        .hasSize(1);
    assertThat(frank.get(TASKS + "/recorded/transcript?afterSeq=x").status()).isEqualTo(400);
  }

  @Test
  void theLiveTranscriptStreamsMessagesAsStoredResumesFromLastEventIdAndEndsWithTheTask() throws Exception {
    AgentTask task = pendingTask("live", "heidi");
    TaskRef ref = new TaskRef(NS, "live", task.getMetadata().getUid(), "heidi", "not-created-yet");
    String token = console.member("heidi").bearer();
    String url = console.base() + TASKS + "/live/transcript/events";
    console.store().taskRecords().append(ref, TranscriptEntry.whole(1, Instant.now(), "user",
        "{\"role\":\"user\",\"text\":\"first\"}", 30), Long.MAX_VALUE);

    try (SseStream stream = new SseStream(url, token, Map.of())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> stream.named("message").size() == 1);
      console.store().taskRecords().append(ref, TranscriptEntry.whole(2, Instant.now(), "assistant",
          "{\"role\":\"assistant\",\"text\":\"second\"}", 30), Long.MAX_VALUE);
      await().atMost(Duration.ofSeconds(10)).until(() -> stream.named("message").size() == 2);
      assertThat(stream.named("message")).extracting(SseStream.Event::id).containsExactly("1", "2");
      assertThat(stream.named("message").get(1).data().getJsonObject("message").getString("text"))
          .isEqualTo("second");
      assertThat(stream.named("task")).isNotEmpty();
      assertThat(stream.named("task").get(0).data().getJsonObject("status").getString("phase")).isEqualTo("Pending");
      assertThat(stream.ended()).isFalse();
    }
    console.store().taskRecords().append(ref, TranscriptEntry.whole(3, Instant.now(), "user",
        "{\"role\":\"user\",\"text\":\"third\"}", 30), Long.MAX_VALUE);

    try (SseStream resumed = new SseStream(url, token, Map.of("Last-Event-ID", "2"))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> resumed.named("message").size() == 1);
      assertThat(resumed.named("message").get(0).id()).isEqualTo("3");
      console.member("heidi").post(TASKS + "/live/cancel", null);
      await().atMost(Duration.ofSeconds(20)).until(() -> !resumed.named("end").isEmpty());
      assertThat(resumed.named("end").get(0).data().getString("phase")).isEqualTo("Cancelled");
      assertThat(resumed.named("end").get(0).data().getInteger("afterSeq")).isEqualTo(3);
      await().atMost(Duration.ofSeconds(10)).until(resumed::ended);
      assertThat(resumed.named("message")).hasSize(1);
    }
  }
}
