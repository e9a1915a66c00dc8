package dev.kubicle.operator.agentapi;

import static dev.kubicle.operator.support.OperatorHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubicle.api.v1alpha1.AgentMetadata;
import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateAgent;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.operator.OperatorConfig;
import dev.kubicle.operator.kube.Json;
import dev.kubicle.operator.metrics.OperatorMetrics;
import dev.kubicle.operator.store.LogLine;
import dev.kubicle.operator.support.AgentProcess;
import dev.kubicle.operator.support.OperatorHarness;
import dev.kubicle.operator.support.ScriptedAgent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bad input from the agent socket: a hostile client holding a real agent token floods every frame type over a
 * real WebSocket to the real operator. The operator keeps no more than the documented limits (asserted on what it
 * holds, not on heap figures), drops or closes as documented, and the real agent of another workspace keeps
 * answering requests throughout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileAgentTest {
  /**
   * The defaults, except the read rate: these floods are meant to reach the other limits quickly (the read rate,
   * which makes a flood slow rather than cheap to drop, is the benchmark's subject and TokenBucketTest's).
   */
  private static final AgentLimits LIMITS =
      AgentLimits.fromEnvironment(Map.of("KUBICLE_AGENT_READ_BYTES_PER_SECOND", Integer.toString(1 << 30)));
  private static final ResourceID VICTIM = new ResourceID("victim", NS);
  private final AtomicInteger workspaces = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private final ExecutorService flooder = Executors.newSingleThreadExecutor();
  private OperatorHarness harness;
  private AgentProcess victim;
  private Path dir;
  private int port;

  @BeforeAll
  void start() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    harness = OperatorHarness.start(OperatorConfig.forTests().onLoopbackPort(port).withAgentLimits(LIMITS), null);
    TemplateAgent agent = new TemplateAgent();
    agent.setEnabled(true);
    agent.setStartupScript("true");
    agent.setMetadata(List.of(metadata("load"), metadata("disk")));
    Template template = OperatorHarness.echoTemplate("agentful", "{}");
    template.getSpec().setAgent(agent);
    harness.createTemplate(template);
    dir = Files.createTempDirectory("kubicle-hostile-");
    victim = AgentProcess.start(port, token(startWorkspace("victim")), dir);
    await().atMost(Duration.ofSeconds(60)).until(() -> harness.operator().agents().session(VICTIM).isPresent());
  }

  @AfterAll
  void stop() throws Exception {
    flooder.shutdownNow();
    if (victim != null) {
      victim.close();
    }
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void metadataFloodWithNewKeysHoldsNoMoreThanTheCap() throws Exception {
    Hostile h = hostile();
    String value = "x".repeat(4 * 1024 * 1024); // the reproduction: 150 frames of 4 MiB, each with a new key
    floodWhileTheVictimAnswers(() -> {
      for (int i = 0; i < 150; i++) {
        h.agent.trySend(metadata("key-" + i, value));
      }
      h.agent.trySend(metadata("load", value));
      h.agent.trySend(metadata("disk", "12%"));
    });
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(h.session().metadata()).containsEntry("disk", "12%"));

    Map<String, String> held = h.session().metadata();
    assertThat(held.keySet()).containsExactlyInAnyOrder("load", "disk");
    assertThat(held.get("load")).hasSize(LIMITS.metadataValueChars() + MetadataGate.CUT_MARKER.length())
        .endsWith(MetadataGate.CUT_MARKER);
    assertThat(dropped("metadata", "undeclared_key")).isGreaterThanOrEqualTo(150);
    assertThat(h.agent.closed()).as("undeclared keys are dropped, not a reason to close").isNotDone();
  }

  @Test
  void frameOverTheLimitClosesTheConnection() throws Exception {
    Hostile h = hostile();
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try {
      var client = vertx.createWebSocketClient(new io.vertx.core.http.WebSocketClientOptions()
          .setMaxFrameSize(LIMITS.maxMessageBytes()));
      var socket = client.connect(new io.vertx.core.http.WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
              .setURI(AgentSocketHandler.PATH).addHeader("Authorization", "Bearer " + h.token))
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      java.util.concurrent.CompletableFuture<Short> code = new java.util.concurrent.CompletableFuture<>();
      socket.closeHandler(v -> code.complete(socket.closeStatusCode()));
      floodWhileTheVictimAnswers(() -> socket.writeFrame(io.vertx.core.http.WebSocketFrame.textFrame(
          metadata("load", "y".repeat(LIMITS.maxFrameBytes())), true)));
      assertThat(code.get(30, TimeUnit.SECONDS)).isEqualTo((short) 1009);
      assertThat(closings("frame_too_big")).isPositive();
    } finally {
      vertx.close();
    }
  }

  @Test
  void logFloodWithHugeLinesNewSourcesAndFastRateStaysWithinTheStartLimit() throws Exception {
    Hostile h = hostile();
    String huge = "h".repeat(40 * 1024);
    List<String> manySmall = Collections.nCopies(3000, "small line");
    floodWhileTheVictimAnswers(() -> {
      for (int i = 0; i < 100; i++) {
        h.agent.trySend(log("src-" + i, List.of("from a source no agent has")));
      }
      for (int i = 0; i < 50; i++) {
        h.agent.trySend(log("startup_script", Collections.nCopies(20, huge)));
        h.agent.trySend(log("agent", manySmall));
      }
    });

    List<LogLine> stored = storedLog(h.ws);
    assertThat(stored).extracting(LogLine::source).allMatch(AgentChannel.LOG_SOURCES::contains);
    long bytes = stored.stream().mapToLong(l -> LogGate.utf8Length(l.text())).sum();
    assertThat(bytes).as("agent log written for this start").isLessThanOrEqualTo(LIMITS.logBytesPerStart() + 4096);
    assertThat(stored).allSatisfy(l -> assertThat(l.text().length()).isLessThanOrEqualTo(LIMITS.logLineChars() + 80));
    assertThat(stored).filteredOn(l -> l.text().startsWith(LogGate.PREFIX))
        .as("the log says lines were dropped, in a few lines, not one per dropped line").isNotEmpty().hasSizeLessThan(5)
        .anySatisfy(l -> assertThat(l.text()).contains("KUBICLE_AGENT_LOG_BYTES_PER_START"));
    assertThat(h.session().log()).hasSizeLessThanOrEqualTo(AgentSession.LOG_LINES)
        .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(LIMITS.logLineChars() + 80));
    assertThat(linesDropped("unknown_source")).isGreaterThanOrEqualTo(100);
    assertThat(linesDropped("frame")).isGreaterThanOrEqualTo(50L * 2000);
    assertThat(linesDropped("start_limit")).isPositive();
    assertThat(harness.operator().metrics().value(AgentCounters.LOG_LINES_TRUNCATED)).isPositive();
    assertThat(h.agent.closed()).as("log floods are dropped, not a reason to close").isNotDone();
  }

  @Test
  void statsWithHugeMapsKeepOnlyAFewWholeNumbers() throws Exception {
    Hostile h = hostile();
    StringBuilder sessions = new StringBuilder("{\"ssh\":1,\"terminal\":\"many\",\"task\":1.5");
    for (int i = 0; i < 50_000; i++) {
      sessions.append(",\"k").append(i).append("\":").append(i);
    }
    String frame = "{\"type\":\"stats\",\"sessions\":" + sessions.append('}') + "}";
    floodWhileTheVictimAnswers(() -> {
      for (int i = 0; i < 30; i++) {
        h.agent.trySend(frame);
      }
    });
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(h.session().sessions()).containsEntry("ssh", 1));
    assertThat(h.session().sessions()).hasSizeLessThanOrEqualTo(LIMITS.statsKinds())
        .doesNotContainKeys("terminal", "task");
  }

  @Test
  void repeatedHelloGetsOneManifestPerWindow() throws Exception {
    Hostile h = hostile();
    floodWhileTheVictimAnswers(() -> {
      for (int i = 0; i < 300; i++) {
        h.agent.hello();
      }
    });
    await().atMost(Duration.ofSeconds(20)).until(() -> dropped("hello", "repeated") >= 299);
    assertThat(h.agent.receivedCount()).as("manifests after the first one").isZero();
    assertThat(harness.operator().agents().session(h.id)).isPresent();
  }

  @Test
  void responsesWithUnknownIdsAndOutputOfUnknownPtysAreDropped() throws Exception {
    Hostile h = hostile();
    floodWhileTheVictimAnswers(() -> {
      for (int i = 0; i < 2000; i++) {
        h.agent.trySend("{\"type\":\"response\",\"id\":\"nobody-asked-" + i + "\",\"result\":{\"stdout\":\"x\"}}");
        h.agent.trySend("{\"type\":\"pty_output\",\"ptyId\":\"pty-" + i + "\",\"data\":\"eA==\"}");
        h.agent.trySend("{\"type\":\"pty_exit\",\"ptyId\":\"pty-" + i + "\",\"exitCode\":0}");
      }
    });
    await().atMost(Duration.ofSeconds(20)).until(() -> dropped("pty", "unknown_pty") >= 4000
        && dropped("response", "unknown_id") >= 2000);
    assertThat(h.session().connection().pendingCount()).isZero();
    assertThat(h.agent.closed()).isNotDone();
  }

  @Test
  void unknownLifecycleStatesAreIgnored() throws Exception {
    Hostile h = hostile();
    h.agent.lifecycle("ready");
    await().atMost(Duration.ofSeconds(10)).until(() ->
        "ready".equals(harness.operator().agents().state(h.id).orElseThrow().lifecycle()));
    for (int i = 0; i < 100; i++) {
      h.agent.lifecycle("owned-" + i);
    }
    h.agent.send("{\"type\":\"lifecycle\",\"state\":\"starting\"}"); // a known one, after the others
    await().atMost(Duration.ofSeconds(10)).until(() ->
        "starting".equals(harness.operator().agents().state(h.id).orElseThrow().lifecycle()));
    assertThat(dropped("lifecycle", "unknown_state")).isGreaterThanOrEqualTo(100);
  }

  @Test
  void invalidJsonIsCountedAndClosesTheConnectionAfterTheLimit() throws Exception {
    Hostile h = hostile();
    String garbage = "{\"type\":\"log\",\"lines\":[" + "\"a\",".repeat(100_000); // never closed
    floodWhileTheVictimAnswers(() -> {
      for (int i = 0; i <= LIMITS.invalidFrames() && h.agent.trySend(i % 2 == 0 ? garbage : "[1,2,3]"); i++) {
        // each one counted; the one over the limit closes
      }
    });
    assertThat(h.agent.closed().get(20, TimeUnit.SECONDS)).startsWith("1007");
    assertThat(dropped("invalid", "not_json")).isGreaterThan(LIMITS.invalidFrames());
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.operator().agents().session(h.id).isEmpty());
  }

  @Test
  void binaryFrameClosesTheConnection() throws Exception {
    Hostile h = hostile();
    h.agent.trySendBinary(new byte[] {1, 2, 3});
    assertThat(h.agent.closed().get(20, TimeUnit.SECONDS)).startsWith("1003");
    assertThat(closings("binary")).isPositive();
  }

  @Test
  void messageOverTheLimitInSmallFramesClosesTheConnection() throws Exception {
    Hostile h = hostile();
    String part = "z".repeat(LIMITS.maxFrameBytes() / 2);
    List<String> parts = new ArrayList<>();
    parts.add("{\"type\":\"metadata\",\"key\":\"load\",\"value\":\"");
    for (int i = 0; i <= 2 * LIMITS.maxMessageBytes() / LIMITS.maxFrameBytes(); i++) {
      parts.add(part);
    }
    parts.add("\"}");
    floodWhileTheVictimAnswers(() -> h.agent.trySendFragments(parts));
    assertThat(h.agent.closed().get(20, TimeUnit.SECONDS)).startsWith("1009");
    assertThat(closings("message_too_big")).isPositive();
  }

  @Test
  void reconnectStormIsRefusedWith429AndRetryAfterBeforeTheUpgrade() throws Exception {
    Hostile h = hostile();
    h.agent.close();
    List<Integer> statuses = new ArrayList<>();
    List<String> retryAfter = new ArrayList<>();
    for (int i = 0; i < LIMITS.connectBurst() + 5; i++) {
      try {
        ScriptedAgent.attempt(port, h.token).get(10, TimeUnit.SECONDS).abort();
        statuses.add(101);
      } catch (java.util.concurrent.ExecutionException e) {
        var refused = (java.net.http.WebSocketHandshakeException) e.getCause();
        statuses.add(refused.getResponse().statusCode());
        refused.getResponse().headers().firstValue("Retry-After").ifPresent(retryAfter::add);
      }
    }
    assertThat(statuses).contains(429).doesNotContain(401);
    assertThat(statuses.stream().filter(s -> s == 101).count()).isLessThanOrEqualTo(LIMITS.connectBurst());
    assertThat(retryAfter).isNotEmpty().allSatisfy(v -> assertThat(Long.parseLong(v)).isPositive());
    assertThat(harness.operator().metrics().value(AgentCounters.CONNECTIONS_REFUSED, "reason", "rate")).isPositive();
    assertThat(harness.operator().agents().connectedCount()).as("one connection per workspace at most")
        .isLessThanOrEqualTo(workspaces.get() + 1);
    assertThat(harness.operator().agents().allowanceCount()).isLessThanOrEqualTo(workspaces.get() + 1);
    assertThat(victimAnswers()).isTrue();
  }

  @Test
  void agentThatDoesNotReadIsDisconnectedInsteadOfQueueingWithoutBound() throws Exception {
    Workspace ws = startWorkspace("hostile-" + workspaces.incrementAndGet());
    ResourceID id = ResourceID.fromResource(ws);
    ScriptedAgent deaf = ScriptedAgent.connect(port, token(ws), false);
    deaf.hello();
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.operator().agents().session(id).isPresent());
    AgentConnection connection = harness.operator().agents().session(id).get().connection();
    var params = Json.mapper().createObjectNode().put("command", "w".repeat(64 * 1024));
    for (int i = 0; i < 2000 && connection.isOpen(); i++) {
      connection.call("deaf-" + i, "exec", params, Duration.ofSeconds(1));
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> !connection.isOpen());
    assertThat(closings("write_queue_full")).isPositive();
    assertThat(victimAnswers()).isTrue();
  }

  @Test
  void helloIsServedFromCachesWithoutRequestsToTheApiServer() throws Exception {
    List<Hostile> agents = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      agents.add(hostile()); // warms up whatever is read once per workspace
    }
    long mark = harness.cluster().requests().mark();
    for (Hostile h : agents) {
      h.agent.close();
      ScriptedAgent again = ScriptedAgent.connect(port, h.token);
      again.hello();
      again.next("manifest");
      again.close();
    }
    // Each hello used to read the owner's keys ConfigMap from the API server; a reconnect may still cause a
    // status write (connected/disconnected), but no reads.
    long requests = harness.cluster().requests().mark() - mark;
    long writes = harness.cluster().requests().writesSince(mark).size();
    assertThat(requests - writes).as("reads at the API server for 3 reconnects with hello").isZero();
  }

  private boolean floodWhileTheVictimAnswers(Runnable flood) throws Exception {
    Future<?> done = flooder.submit(flood);
    int answered = 0;
    do {
      assertThat(victimAnswers()).isTrue();
      answered++;
    } while (!done.isDone() && answered < 10_000);
    done.get(60, TimeUnit.SECONDS);
    return victimAnswers();
  }

  /** A normal request to the other workspace's real agent: an exec through the operator. */
  private boolean victimAnswers() throws Exception {
    AgentConnection connection = harness.operator().agents().session(VICTIM).orElseThrow().connection();
    JsonNode result = connection.call("victim-" + requests.incrementAndGet(), "exec",
        Json.mapper().createObjectNode().put("command", "echo ok"), Duration.ofSeconds(20)).get(30, TimeUnit.SECONDS);
    return "ok\n".equals(result.path("stdout").asText());
  }

  private record Hostile(Workspace ws, ResourceID id, String token, ScriptedAgent agent,
      dev.kubicle.operator.agentapi.AgentRegistry registry) {
    AgentSession session() {
      return registry.session(id).orElseThrow();
    }
  }

  /** A workspace of its own, with a client holding its real token that said hello and got its manifest. */
  private Hostile hostile() throws Exception {
    Workspace ws = startWorkspace("hostile-" + workspaces.incrementAndGet());
    String token = token(ws);
    ScriptedAgent agent = ScriptedAgent.connect(port, token);
    agent.hello();
    agent.next("manifest");
    ResourceID id = ResourceID.fromResource(ws);
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.operator().agents().session(id).isPresent());
    return new Hostile(ws, id, token, agent, harness.operator().agents());
  }

  private Workspace startWorkspace(String name) {
    harness.createWorkspace(OperatorHarness.workspace(name, "agentful", Map.of()));
    return harness.awaitPhase(name, WorkspacePhase.Running);
  }

  private String token(Workspace ws) {
    return new AgentTokenSecrets(harness.client()).current(ws).orElseThrow();
  }

  private List<LogLine> storedLog(Workspace ws) {
    harness.operator().logWriter().flush();
    List<LogLine> all = new ArrayList<>();
    long after = 0;
    for (int i = 0; i < 1000; i++) {
      List<LogLine> page = harness.operator().store().agentLogs().read(ws.getMetadata().getUid(), after, 5000);
      if (page.isEmpty()) {
        break;
      }
      all.addAll(page);
      after = page.get(page.size() - 1).seq();
    }
    return all;
  }

  private long dropped(String type, String reason) {
    return metrics().value(AgentCounters.FRAMES_DROPPED, "type", type, "reason", reason);
  }

  private long linesDropped(String reason) {
    return metrics().value(AgentCounters.LOG_LINES_DROPPED, "reason", reason);
  }

  private long closings(String reason) {
    return metrics().value(AgentCounters.CONNECTIONS_CLOSED, "reason", reason);
  }

  private OperatorMetrics metrics() {
    return harness.operator().metrics();
  }

  private static AgentMetadata metadata(String key) {
    AgentMetadata md = new AgentMetadata();
    md.setKey(key);
    md.setScript("echo " + key);
    return md;
  }

  private static String metadata(String key, String value) {
    return "{\"type\":\"metadata\",\"key\":\"" + key + "\",\"value\":\"" + value + "\"}";
  }

  private static String log(String source, List<String> lines) {
    var frame = Json.mapper().createObjectNode().put("type", "log").put("source", source);
    lines.forEach(frame.putArray("lines")::add);
    return frame.toString();
  }

}
