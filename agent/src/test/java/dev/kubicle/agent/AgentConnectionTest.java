package dev.kubicle.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.agent.support.AgentProcess;
import dev.kubicle.agent.support.ScriptedControlPlane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real agent process against the scripted control plane: dialing, the token, reconnecting. */
@Timeout(60)
class AgentConnectionTest {
  private static final String TOKEN = "tok-Zm9vYmFyYmF6cXV4cXV1eA";
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  @Test
  void connectsWithItsBearerTokenAndSaysHelloFirst() throws Exception {
    try (ScriptedControlPlane cp = ScriptedControlPlane.start(TOKEN);
        AgentProcess agent = AgentProcess.start(cp.baseUrl(), TOKEN, dir)) {
      JsonNode hello = cp.await("hello", WAIT);

      assertThat(cp.received().get(0)).isEqualTo(hello);
      assertThat(hello.path("os").asText()).isEqualTo("linux");
      assertThat(hello.path("pid").asLong()).isEqualTo(agent.process().pid());
      assertThat(hello.path("version").asText()).isNotBlank();
      assertThat(hello.path("hostname").asText()).isNotBlank();
      assertThat(hello.path("arch").asText()).isNotBlank();
      JsonNode lifecycle = cp.await("lifecycle", WAIT);
      assertThat(lifecycle.path("state").asText()).isEqualTo("created");
      JsonNode stats = cp.await("stats", WAIT);
      assertThat(stats.path("sessions").path("ssh").asInt()).isZero();
      assertThat(cp.authorizationHeaders()).contains("Bearer " + TOKEN);
    }
  }

  @Test
  void aRefusedTokenIsRetriedWithoutEverSayingHelloOrLoggingTheToken() throws Exception {
    String wrongToken = "wrong-Q2FuIHlvdSBzZWUgbWU";
    try (ScriptedControlPlane cp = ScriptedControlPlane.start(TOKEN);
        AgentProcess agent = AgentProcess.start(cp.baseUrl(), wrongToken, dir)) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (cp.refusedConnections() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }

      assertThat(cp.refusedConnections()).as("agent log:\n%s", agent.log()).isGreaterThanOrEqualTo(3);
      assertThat(cp.received()).isEmpty();
      assertThat(agent.process().isAlive()).isTrue();
      assertThat(agent.log()).contains("401").doesNotContain(wrongToken);
    }
  }

  @Test
  void reconnectsToARestartedControlPlaneAndGreetsAgainWithoutRerunningTheStartupScript() throws Exception {
    Path runs = dir.resolve("startup-runs");
    ObjectNode manifest = ScriptedControlPlane.manifest();
    manifest.put("startupScript", "echo run >> " + runs);
    ScriptedControlPlane first = ScriptedControlPlane.start(TOKEN);
    int port = first.port();
    first.useManifest(manifest);
    try (AgentProcess agent = AgentProcess.start(first.baseUrl(), TOKEN, dir)) {
      first.await("lifecycle", f -> f.path("state").asText().equals("ready"), WAIT);
      first.close();

      try (ScriptedControlPlane second = ScriptedControlPlane.start(TOKEN, port)) {
        second.useManifest(manifest);
        second.await("hello", WAIT);
        JsonNode lifecycle = second.await("lifecycle", WAIT);
        assertThat(lifecycle.path("state").asText()).isEqualTo("ready");
        second.await("stats", WAIT);
        // The manifest arrives again after the new hello; give a rerun the chance to show.
        Thread.sleep(500);
        assertThat(Files.readAllLines(runs)).isEqualTo(List.of("run"));
        assertThat(second.frames("lifecycle")).extracting(f -> f.path("state").asText()).containsOnly("ready");
      }
    }
  }
}
