package dev.kubicle.operator.agentapi;

import static dev.kubicle.operator.support.OperatorHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubicle.api.v1alpha1.AgentStatus;
import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateAgent;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.operator.kube.Json;
import dev.kubicle.operator.kube.Labels;
import dev.kubicle.operator.kube.Names;
import dev.kubicle.operator.support.OperatorHarness;
import dev.kubicle.operator.support.ScriptedAgent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, hole 4: the agent credential sat in {@code status.agent.tokenHash}, so whoever could write
 * {@code workspaces/status} could point a victim's workspace at their own token and take over its agent connection
 * (terminal keystrokes, task commands). Run against the dev cluster with the real operator, over real HTTP and a
 * real WebSocket. On main before this change, the attacker's connect was accepted (101) and replaced the victim's.
 */
class AgentCredentialInStatusTest {
  private static final ResourceID VICTIM = new ResourceID("alice-dev", NS);

  private OperatorHarness harness;
  private int port;

  @BeforeEach
  void start() {
    harness = OperatorHarness.start();
    port = harness.operator().httpPort();
    Template template = OperatorHarness.echoTemplate("with-agent", "{}");
    TemplateAgent agent = new TemplateAgent();
    agent.setEnabled(true);
    template.getSpec().setAgent(agent);
    harness.createTemplate(template);
    harness.createWorkspace(OperatorHarness.workspace("alice-dev", "with-agent", Map.of()));
    harness.awaitPhase("alice-dev", WorkspacePhase.Running);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void aMemberWhoWritesTheirOwnTokenHashIntoTheVictimsStatusIsRefusedAndTheVictimsAgentStays() throws Exception {
    try (ScriptedAgent victim = ScriptedAgent.connect(port, victimToken())) {
      victim.answering(request -> Json.mapper().createObjectNode().put("stdout", "victim's agent"));
      victim.hello();
      victim.next("manifest");
      await().atMost(Duration.ofSeconds(10)).until(() -> harness.operator().agents().session(VICTIM).isPresent());

      // The attack: the status subresource, written by someone other than the operator (the dev cluster, like a
      // cluster without the status guard, lets any writer through).
      String attackerToken = AgentTokens.newToken();
      Workspace written = writeStatusTokenHash(AgentTokens.hash(attackerToken));
      String writtenVersion = written.getMetadata().getResourceVersion();
      // Only once the operator's own cache holds the forged status does a refusal mean anything.
      await().atMost(Duration.ofSeconds(10)).until(() -> harness.operator().workspaceSources()
          .workspace(NS, "alice-dev").map(ws -> Long.parseLong(ws.getMetadata().getResourceVersion())
              >= Long.parseLong(writtenVersion)).orElse(false));

      assertThatThrownBy(() -> ScriptedAgent.attempt(port, attackerToken).join())
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(WebSocketHandshakeException.class)
          .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
              .isEqualTo(401));

      // The victim's agent still holds the workspace's connection: a command for the workspace reaches it.
      assertThat(victim.closed()).isNotDone();
      JsonNode result = harness.operator().agents().session(VICTIM).orElseThrow().connection()
          .call("req-1", "exec", Json.mapper().createObjectNode().put("command", "id"), Duration.ofSeconds(5))
          .get(10, TimeUnit.SECONDS);
      assertThat(result.path("stdout").asText()).isEqualTo("victim's agent");
    }
  }

  @Test
  void aTokenSecretFromTheReleaseThatKeptTheHashInStatusIsAdoptedSoTheRunningAgentKeepsWorking() throws Exception {
    String token = victimToken();
    harness.stopOperator();
    // As the earlier release left it: no component label on the Secret, the hash in status.
    Workspace ws = harness.workspace("alice-dev");
    harness.client().secrets().inNamespace(NS).withName(Names.agentToken("alice-dev", ws.getMetadata().getUid()))
        .edit(secret -> {
          secret.getMetadata().getLabels().remove(Labels.COMPONENT);
          return secret;
        });
    writeStatusTokenHash(AgentTokens.hash(token));

    harness.startOperator();
    port = harness.operator().httpPort();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      AgentStatus agent = harness.workspace("alice-dev").getStatus().getAgent();
      assertThat(agent == null ? null : agent.getTokenHash()).as("the legacy field is cleared").isNull();
    });
    try (ScriptedAgent agent = ScriptedAgent.connect(port, token)) {
      agent.hello();
      assertThat(agent.next("manifest").path("manifest").path("owner").asText()).isEqualTo("alice");
    }
  }

  @Test
  void aLegacyHashThatDoesNotMatchTheSecretIsDroppedAndValidatesNothing() throws Exception {
    String token = victimToken();
    harness.stopOperator();
    Workspace ws = harness.workspace("alice-dev");
    harness.client().secrets().inNamespace(NS).withName(Names.agentToken("alice-dev", ws.getMetadata().getUid()))
        .edit(secret -> {
          secret.getMetadata().getLabels().remove(Labels.COMPONENT);
          return secret;
        });
    String attackerToken = AgentTokens.newToken();
    writeStatusTokenHash(AgentTokens.hash(attackerToken));

    harness.startOperator();
    port = harness.operator().httpPort();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      AgentStatus agent = harness.workspace("alice-dev").getStatus().getAgent();
      assertThat(agent == null ? null : agent.getTokenHash()).isNull();
    });
    for (String refused : new String[] {attackerToken, token}) {
      assertThatThrownBy(() -> ScriptedAgent.attempt(port, refused).join())
          .hasCauseInstanceOf(WebSocketHandshakeException.class)
          .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
              .isEqualTo(401));
    }
  }

  @Test
  void aStopEndsTheTokenEvenWhenItsAgentNeverConnected() {
    String token = victimToken();

    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
        harness.client().resources(Workspace.class).inNamespace(NS).withName("alice-dev").edit(ws -> {
          ws.getSpec().setRunning(false);
          return ws;
        }));
    harness.awaitPhase("alice-dev", WorkspacePhase.Stopped);

    assertThat(new AgentTokenSecrets(harness.client()).current(harness.workspace("alice-dev"))).isEmpty();
    assertThatThrownBy(() -> ScriptedAgent.attempt(port, token).join())
        .hasCauseInstanceOf(WebSocketHandshakeException.class)
        .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
            .isEqualTo(401));
  }

  private Workspace writeStatusTokenHash(String hash) {
    // A concurrent status write by the operator may meet a 409: retried, as kubectl would be.
    Workspace[] written = new Workspace[1];
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
        written[0] = harness.client().resources(Workspace.class).inNamespace(NS).withName("alice-dev").editStatus(w -> {
          if (w.getStatus().getAgent() == null) {
            w.getStatus().setAgent(new AgentStatus());
          }
          w.getStatus().getAgent().setTokenHash(hash);
          return w;
        }));
    return written[0];
  }

  private String victimToken() {
    return new AgentTokenSecrets(harness.client()).current(harness.workspace("alice-dev")).orElseThrow();
  }
}
