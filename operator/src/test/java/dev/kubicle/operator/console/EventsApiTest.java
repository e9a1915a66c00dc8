package dev.kubicle.operator.console;

import static dev.kubicle.operator.console.ConsoleFixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Server-sent events: workspace changes (only the caller's, resumable) and build log lines as they are stored. */
class EventsApiTest {
  @TempDir
  static Path dir;
  static ConsoleHarness console;
  static String aliceToken;

  @BeforeAll
  static void start() {
    console = ConsoleHarness.start(dir);
    console.operator().createTemplate(ConsoleFixtures.echoWithParameters("dev"));
    ConsoleFixtures.awaitValid(console.operator(), "dev");
    ConsoleFixtures.runningWorkspace(console.operator(), "alice-sse", "dev", "alice");
    ConsoleFixtures.runningWorkspace(console.operator(), "bob-sse", "dev", "bob");
    aliceToken = console.member("alice").bearer();
  }

  @AfterAll
  static void stop() {
    console.close();
  }

  /** One SSE event as received. */
  /** A stream of alice's, read by the shared SSE test reader. */
  private static SseStream stream(String path, Map<String, String> headers) throws Exception {
    return new SseStream(console.base() + path, aliceToken, headers);
  }

  @Test
  void workspaceChangesArriveForTheOwnerOnlyAndResumeFromLastEventId() throws Exception {
    String lastId;
    try (SseStream stream = stream("/api/v1/events/workspaces", Map.of())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> !stream.named("synced").isEmpty());
      assertThat(stream.named("workspace").stream().map(e -> e.data().getString("name")))
          .contains("alice-sse").doesNotContain("bob-sse");

      console.member("alice").post("/api/v1/namespaces/" + NS + "/workspaces/alice-sse/stop", null);
      console.member("bob").post("/api/v1/namespaces/" + NS + "/workspaces/bob-sse/stop", null);
      await().atMost(Duration.ofSeconds(30)).until(() -> stream.named("workspace").stream().anyMatch(e ->
          "Stopped".equals(e.data().getJsonObject("status").getString("phase"))));
      assertThat(stream.named("workspace").stream().map(e -> e.data().getString("name"))).doesNotContain("bob-sse");
      lastId = stream.named("workspace").get(stream.named("workspace").size() - 1).id();
      assertThat(lastId).isNotNull();
    }
    console.operator().awaitPhase("alice-sse", WorkspacePhase.Stopped);
    console.member("alice").post("/api/v1/namespaces/" + NS + "/workspaces/alice-sse/start", null);
    console.operator().awaitPhase("alice-sse", WorkspacePhase.Running);

    try (SseStream resumed = stream("/api/v1/events/workspaces", Map.of("Last-Event-ID", lastId))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> resumed.named("workspace").stream().anyMatch(e ->
          "Running".equals(e.data().getJsonObject("status").getString("phase"))));
      assertThat(resumed.named("synced")).as("missed changes replayed, no snapshot").isEmpty();
    }
  }

  @Test
  void buildLogLinesStreamAsTheyAreStoredAndResumeAfterTheLastSeenLine() throws Exception {
    Workspace ws = console.operator().workspace("bob-sse");
    ConsoleFixtures.runningWorkspace(console.operator(), "alice-log", "dev", "alice");
    Workspace mine = console.operator().workspace("alice-log");
    long build = mine.getStatus().getCurrentBuild().getNumber();
    String uid = mine.getMetadata().getUid();
    console.store().buildLogs().append(uid, build, Instant.now(), List.of("first", "second"));
    String path = "/api/v1/namespaces/" + NS + "/workspaces/alice-log/builds/" + build + "/logs/events";

    try (SseStream stream = stream(path, Map.of())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> !stream.named("end").isEmpty());
      assertThat(stream.named("line").stream().map(e -> e.data().getString("text"))).containsExactly("first",
          "second");
    }
    console.store().buildLogs().append(uid, build, Instant.now(), List.of("third"));
    try (SseStream resumed = stream(path, Map.of("Last-Event-ID", "2"))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> !resumed.named("end").isEmpty());
      assertThat(resumed.named("line").stream().map(e -> e.data().getString("text"))).containsExactly("third");
      assertThat(resumed.named("line").get(0).id()).isEqualTo("3");
    }
    assertThat(console.member("alice").get("/api/v1/namespaces/" + NS + "/workspaces/bob-sse/builds/1/logs/events")
        .status()).isEqualTo(404);
    assertThat(ws).isNotNull();
  }
}
