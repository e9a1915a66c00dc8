package dev.kubicle.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.agent.support.AgentProcess;
import dev.kubicle.agent.support.ScriptedControlPlane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Startup and shutdown scripts, lifecycle reports and the graceful exit of the real agent process. */
@Timeout(60)
class AgentLifecycleTest {
  private static final String TOKEN = "lifecycle-token-0123456789abcdef";
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  @Test
  void startupScriptRunsAndTheAgentReportsStartingThenReadyWithTheScriptLog() throws Exception {
    ObjectNode manifest = ScriptedControlPlane.manifest();
    manifest.put("startupScript", "echo hello from startup; echo \"env=$KUBICLE_TEST_ENV token=${KUBICLE_AGENT_TOKEN:-none}\"");
    try (ScriptedControlPlane cp = ScriptedControlPlane.start(TOKEN);
        AgentProcess agent = AgentProcess.start(cp.baseUrl(), TOKEN, dir)) {
      cp.useManifest(manifest);

      cp.await("lifecycle", f -> f.path("state").asText().equals("ready"), WAIT);

      assertThat(states(cp)).containsSubsequence("created", "starting", "ready");
      assertThat(logLines(cp, "startup_script")).containsExactly("hello from startup", "env=from-manifest token=none");
    }
  }

  @Test
  void failingStartupScriptReportsStartErrorAfterSendingItsLog() throws Exception {
    ObjectNode manifest = ScriptedControlPlane.manifest();
    manifest.put("startupScript", "echo cloning; echo fatal: repository not found >&2; exit 3");
    try (ScriptedControlPlane cp = ScriptedControlPlane.start(TOKEN);
        AgentProcess agent = AgentProcess.start(cp.baseUrl(), TOKEN, dir)) {
      cp.useManifest(manifest);

      JsonNode error = cp.await("lifecycle", f -> f.path("state").asText().equals("start_error"), WAIT);

      assertThat(error.path("message").asText()).contains("exit").contains("3");
      List<JsonNode> frames = cp.received();
      int errorAt = frames.indexOf(error);
      List<String> linesBefore = new ArrayList<>();
      frames.subList(0, errorAt).stream().filter(f -> f.path("type").asText().equals("log"))
          .forEach(f -> f.path("lines").forEach(l -> linesBefore.add(l.asText())));
      assertThat(linesBefore).containsExactly("cloning", "fatal: repository not found");
    }
  }

  @Test
  void startupScriptPastItsTimeoutIsKilledAndReportedAsStartTimeout() throws Exception {
    ObjectNode manifest = ScriptedControlPlane.manifest();
    manifest.put("startupScript", "echo waiting; sleep 30");
    manifest.put("startupTimeoutMs", 500);
    try (ScriptedControlPlane cp = ScriptedControlPlane.start(TOKEN);
        AgentProcess agent = AgentProcess.start(cp.baseUrl(), TOKEN, dir)) {
      cp.useManifest(manifest);

      cp.await("lifecycle", f -> f.path("state").asText().equals("start_timeout"), WAIT);

      assertThat(logLines(cp, "startup_script")).containsExactly("waiting");
    }
  }

  @Test
  void sigtermRunsTheShutdownScriptReportsOffAndExitsZero() throws Exception {
    Path marker = dir.resolve("shutdown-ran");
    ObjectNode manifest = ScriptedControlPlane.manifest();
    manifest.put("shutdownScript", "echo saving work; echo done > " + marker);
    try (ScriptedControlPlane cp = ScriptedControlPlane.start(TOKEN);
        AgentProcess agent = AgentProcess.start(cp.baseUrl(), TOKEN, dir)) {
      cp.useManifest(manifest);
      cp.await("lifecycle", f -> f.path("state").asText().equals("ready"), WAIT);

      agent.terminate();

      assertThat(agent.awaitExit(20)).as("exit code; log:\n%s", agent.log()).isZero();
      assertThat(Files.readString(marker)).isEqualTo("done\n");
      assertThat(states(cp)).containsSubsequence("ready", "shutting_down", "off");
      assertThat(logLines(cp, "shutdown_script")).containsExactly("saving work");
    }
  }

  @Test
  void shutdownRequestIsAnsweredThenTheAgentGoesOffAndExitsZero() throws Exception {
    try (ScriptedControlPlane cp = ScriptedControlPlane.start(TOKEN);
        AgentProcess agent = AgentProcess.start(cp.baseUrl(), TOKEN, dir)) {
      cp.useManifest(ScriptedControlPlane.manifest());
      cp.await("lifecycle", f -> f.path("state").asText().equals("ready"), WAIT);

      JsonNode answer = cp.request("stop-1", "shutdown", null, WAIT);

      assertThat(answer.has("result")).isTrue();
      assertThat(agent.awaitExit(20)).as("exit code; log:\n%s", agent.log()).isZero();
      assertThat(states(cp)).containsSubsequence("ready", "shutting_down", "off");
    }
  }

  private static List<String> states(ScriptedControlPlane cp) {
    return cp.frames("lifecycle").stream().map(f -> f.path("state").asText()).toList();
  }

  private static List<String> logLines(ScriptedControlPlane cp, String source) {
    List<String> lines = new ArrayList<>();
    cp.frames("log").stream().filter(f -> f.path("source").asText().equals(source))
        .forEach(f -> f.path("lines").forEach(l -> lines.add(l.asText())));
    return lines;
  }
}
