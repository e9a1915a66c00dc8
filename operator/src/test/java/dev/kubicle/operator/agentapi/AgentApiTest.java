package dev.kubicle.operator.agentapi;

import static dev.kubicle.operator.support.OperatorHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubicle.api.v1alpha1.AgentMetadata;
import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateAgent;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.operator.kube.Conditions;
import dev.kubicle.operator.kube.Json;
import dev.kubicle.operator.support.OperatorHarness;
import dev.kubicle.operator.support.ScriptedAgent;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The agent endpoint with the real operator and a scripted agent over a real WebSocket. */
class AgentApiTest {
  private static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq0a1iGcBIkqB3c1ReqcQn4I9DwlW3JHR8L0Y0ZyWeq alice";
  private OperatorHarness harness;
  private int port;

  @BeforeEach
  void start() {
    harness = OperatorHarness.start();
    port = harness.operator().httpPort();
    Template template = OperatorHarness.echoTemplate("with-agent", "{}");
    TemplateAgent agent = new TemplateAgent();
    agent.setEnabled(true);
    agent.setStartupScript("echo hello");
    agent.setEnv(Map.of("EDITOR", "vim"));
    AgentMetadata load = new AgentMetadata();
    load.setKey("load");
    load.setScript("cat /proc/loadavg");
    agent.setMetadata(java.util.List.of(load));
    template.getSpec().setAgent(agent);
    harness.createTemplate(template);
    harness.client().configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata()
        .withName(UserKeys.configMapName("alice")).addToAnnotations(UserKeys.USER_ANNOTATION, "alice")
          .addToLabels(UserKeys.LABEL, "true").endMetadata()
        .addToData(UserKeys.KEY, KEY + "\n").build()).create();
    harness.createWorkspace(OperatorHarness.workspace("alice-dev", "with-agent", Map.of()));
    harness.awaitPhase("alice-dev", WorkspacePhase.Running);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void agentWithTheCurrentTokenGetsItsManifestAndMakesTheWorkspaceReady() throws Exception {
    try (ScriptedAgent agent = ScriptedAgent.connect(port, token())) {
      agent.hello();
      JsonNode manifest = agent.next("manifest").path("manifest");
      assertThat(manifest.path("owner").asText()).isEqualTo("alice");
      assertThat(manifest.path("sshAuthorizedKeys").get(0).asText()).isEqualTo(KEY);
      assertThat(manifest.path("startupScript").asText()).isEqualTo("echo hello");
      assertThat(manifest.path("env").path("EDITOR").asText()).isEqualTo("vim");
      assertThat(manifest.path("statsIntervalMs").asLong()).isEqualTo(30_000);

      agent.lifecycle("ready");
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        Workspace ws = harness.workspace("alice-dev");
        assertThat(Conditions.isTrue(ws.getStatus().getConditions(), "AgentConnected")).isTrue();
        assertThat(Conditions.isTrue(ws.getStatus().getConditions(), "Ready")).isTrue();
        assertThat(ws.getStatus().getAgent().getConnected()).isTrue();
        assertThat(ws.getStatus().getAgent().getLifecycle()).isEqualTo("ready");
        assertThat(ws.getStatus().getAgent().getVersion()).isEqualTo("0.1.0-scripted");
      });
    }
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      var connected = Conditions.find(harness.workspace("alice-dev").getStatus().getConditions(), "AgentConnected")
          .orElseThrow(AssertionError::new);
      assertThat(connected.getReason()).isEqualTo("Disconnected");
    });
  }

  @Test
  void wrongTokenIsRefusedBeforeTheUpgrade() {
    assertThatThrownBy(() -> ScriptedAgent.attempt(port, "not-the-token").join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(WebSocketHandshakeException.class)
        .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
            .isEqualTo(401));
  }

  @Test
  void tokenOfAStoppedRunIsStale() throws Exception {
    String token = token();
    ScriptedAgent agent = ScriptedAgent.connect(port, token);
    agent.hello();
    agent.next("manifest");

    // The agent's connect makes the operator write the status meanwhile: an edit may meet a 409 and is retried.
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
        harness.client().resources(Workspace.class).inNamespace(NS).withName("alice-dev").edit(ws -> {
          ws.getSpec().setRunning(false);
          return ws;
        }));
    harness.awaitPhase("alice-dev", WorkspacePhase.Stopped);

    assertThatThrownBy(() -> ScriptedAgent.attempt(port, token).join())
        .hasCauseInstanceOf(WebSocketHandshakeException.class);
    var ws = harness.workspace("alice-dev");
    assertThat(new AgentTokenSecrets(harness.client()).current(ws)).as("the stop deleted the token Secret").isEmpty();
  }

  @Test
  void controlPlaneRequestsAreAnsweredById() throws Exception {
    try (ScriptedAgent agent = ScriptedAgent.connect(port, token())) {
      agent.answering(request -> {
        var result = Json.mapper().createObjectNode();
        result.put("exitCode", 0);
        result.put("stdout", "ran " + request.path("params").path("command").asText());
        return result;
      });
      agent.hello();
      agent.next("manifest");
      ResourceID id = new ResourceID("alice-dev", NS);
      await().atMost(Duration.ofSeconds(5)).until(() -> harness.operator().agents().session(id).isPresent());

      var params = Json.mapper().createObjectNode().put("command", "make test");
      JsonNode result = harness.operator().agents().session(id).get().connection()
          .call("req-1", "exec", params, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);

      assertThat(result.path("stdout").asText()).isEqualTo("ran make test");
      assertThat(agent.next("request").path("id").asText()).isEqualTo("req-1");
    }
  }

  @Test
  void heartbeatsAndStatsNeverWriteTheWorkspace() throws Exception {
    try (ScriptedAgent agent = ScriptedAgent.connect(port, token())) {
      agent.hello();
      agent.next("manifest");
      agent.lifecycle("ready");
      await().atMost(Duration.ofSeconds(10)).until(() ->
          Conditions.isTrue(harness.workspace("alice-dev").getStatus().getConditions(), "Ready"));
      await().pollDelay(Duration.ofMillis(500)).until(() -> true);
      long mark = harness.cluster().requests().mark();

      for (int i = 0; i < 20; i++) {
        agent.send("{\"type\":\"stats\",\"sessions\":{\"ssh\":" + (i % 3) + ",\"terminal\":0},\"at\":\"x\"}");
        agent.send("{\"type\":\"metadata\",\"key\":\"load\",\"value\":\"0." + i + "\"}");
      }
      ResourceID id = new ResourceID("alice-dev", NS);
      await().atMost(Duration.ofSeconds(5)).until(() ->
          "0.19".equals(harness.operator().agents().session(id).get().metadata().get("load")));

      assertThat(harness.cluster().requests().writesSince(mark)).isEmpty();
      assertThat(harness.operator().agents().session(id).get().sessions()).containsEntry("ssh", 1);
    }
  }

  @Test
  void agentOfAWorkspaceThatCannotBeReadIsRefusedWithTheReason() throws Exception {
    String token = token();
    com.fasterxml.jackson.databind.node.ObjectNode stored = (com.fasterxml.jackson.databind.node.ObjectNode)
        Json.mapper().valueToTree(harness.client().genericKubernetesResources("kubicle.dev/v1alpha1", "Workspace")
            .inNamespace(NS).withName("alice-dev").get());
    ((com.fasterxml.jackson.databind.node.ObjectNode) stored.get("spec")).put("running", "yes-please");
    harness.cluster().storeUnvalidated("workspaces", stored.toString());

    // Its owner cannot be known from a spec that cannot be read: no manifest, no keys, a reason instead.
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(() ->
        ScriptedAgent.attempt(port, token).join())
        .hasCauseInstanceOf(WebSocketHandshakeException.class)
        .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
            .isEqualTo(409)));
    assertThat(harness.operator().metrics().value("kubicle_agent_connections_refused_total", "reason",
        "unreadable")).isPositive();
  }

  @Test
  void aTokenSecretEditedToSomethingThatIsNotBase64ReadsAsNoToken() {
    Workspace ws = harness.workspace("alice-dev");
    String name = dev.kubicle.operator.kube.Names.agentToken(ws.getMetadata().getName(), ws.getMetadata().getUid());
    harness.client().secrets().inNamespace(NS).withName(name).edit(secret -> {
      secret.getData().put(AgentTokenSecrets.KEY, "%%% not base64 %%%");
      return secret;
    });

    assertThat(new AgentTokenSecrets(harness.client()).current(ws)).isEmpty();
  }

  private String token() {
    Workspace ws = harness.workspace("alice-dev");
    return new AgentTokenSecrets(harness.client()).current(ws).orElseThrow();
  }
}
