package dev.kubicle.operator.store;

import static dev.kubicle.operator.support.OperatorHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateAgent;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.operator.agentapi.AgentTokenSecrets;
import dev.kubicle.operator.support.OnConflict;
import dev.kubicle.operator.support.OperatorHarness;
import dev.kubicle.operator.support.ScriptedAgent;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real operator writes build and agent logs to its store (SQLite in a temp file) and deletes them with the workspace. */
class StoreWiringTest {
  private static final String ECHO = """
      {"start": {"log": ["Initializing...", "Apply complete! Resources: 1 added."]},
       "stop": {"log": ["Stopping..."]}}""";
  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness = OperatorHarness.start();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void aBuildsLogReachesTheStoreSurvivesARestartAndGoesWithTheWorkspace() {
    harness.createTemplate(OperatorHarness.echoTemplate("echo", ECHO));
    harness.createWorkspace(OperatorHarness.workspace("dev", "echo", Map.of()));
    String uid = harness.awaitPhase("dev", WorkspacePhase.Running).getMetadata().getUid();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(buildLog(uid, 1))
        .containsExactly("Initializing...", "Apply complete! Resources: 1 added."));
    assertThat(Files.exists(harness.storeFile())).isTrue();

    harness.stopOperator();
    harness.startOperator();
    assertThat(buildLog(uid, 1)).as("kept across a restart, not stored twice")
        .containsExactly("Initializing...", "Apply complete! Resources: 1 added.");

    OnConflict.retry(() -> harness.client().resources(Workspace.class).inNamespace(NS).withName("dev").edit(ws -> {
      ws.getSpec().setRunning(false);
      return ws;
    }));
    harness.awaitPhase("dev", WorkspacePhase.Stopped);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(buildLog(uid, 2))
        .containsExactly("Stopping..."));

    harness.client().resources(Workspace.class).inNamespace(NS).withName("dev").delete();
    harness.awaitGone("dev");
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(buildLog(uid, 1)).isEmpty();
      assertThat(buildLog(uid, 2)).isEmpty();
    });
  }

  @Test
  void linesTheAgentSendsReachTheStoreWithTheirSource() {
    Template template = OperatorHarness.echoTemplate("with-agent", "{}");
    TemplateAgent agent = new TemplateAgent();
    agent.setEnabled(true);
    template.getSpec().setAgent(agent);
    harness.createTemplate(template);
    harness.createWorkspace(OperatorHarness.workspace("dev", "with-agent", Map.of()));
    Workspace ws = harness.awaitPhase("dev", WorkspacePhase.Running);
    String token = new AgentTokenSecrets(harness.client()).current(ws)
        .orElseThrow();

    try (ScriptedAgent scripted = ScriptedAgent.connect(harness.operator().httpPort(), token)) {
      scripted.hello();
      scripted.next("manifest");
      scripted.send("{\"type\":\"log\",\"source\":\"startup_script\",\"lines\":[\"installing tools\",\"done\"],"
          + "\"at\":\"2026-12-01T00:00:00Z\"}");
      scripted.send("{\"type\":\"log\",\"source\":\"agent\",\"lines\":[\"ssh listening\"]}");

      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
          harness.operator().store().agentLogs().read(ws.getMetadata().getUid(), 0, 100))
          .extracting(LogLine::source, LogLine::text)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("startup_script", "installing tools"),
              org.assertj.core.groups.Tuple.tuple("startup_script", "done"),
              org.assertj.core.groups.Tuple.tuple("agent", "ssh listening")));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aBrokenStoreNeverFailsABuild() {
    harness.operator().store().close(); // every write fails from now on, as with a database that went away

    harness.createTemplate(OperatorHarness.echoTemplate("echo", ECHO));
    harness.createWorkspace(OperatorHarness.workspace("dev", "echo", Map.of()));

    harness.awaitPhase("dev", WorkspacePhase.Running);
    await().atMost(Duration.ofSeconds(20)).until(() -> harness.operator().logWriter().failures() > 0);
    assertThat(harness.workspace("dev").getStatus().getCurrentBuild().getLog())
        .as("the short tail in the ConfigMap is kept as before").startsWith("configmap/");
  }

  private List<String> buildLog(String uid, long build) {
    return harness.operator().store().buildLogs().read(uid, build, 0, 100).stream().map(LogLine::text).toList();
  }
}
