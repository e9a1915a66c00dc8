package dev.kubicle.operator.local;

import static dev.kubicle.operator.support.OperatorHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateAgent;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.operator.OperatorConfig;
import dev.kubicle.operator.agentapi.AgentConnection;
import dev.kubicle.operator.agentapi.AgentTokenSecrets;
import dev.kubicle.operator.kube.Conditions;
import dev.kubicle.operator.kube.Json;
import dev.kubicle.operator.provision.local.LocalProvisioner;
import dev.kubicle.operator.support.OperatorHarness;
import dev.kubicle.operator.support.Repository;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real agent process against the real operator API: lifecycle, refused tokens and requests over the wire. */
class RealAgentTest {
  private static final Path AGENT_JAR = Repository.agentJar();
  @TempDir
  Path tmp;
  private OperatorHarness harness;
  private Process agent;

  @AfterEach
  void stop() throws InterruptedException {
    if (agent != null) {
      agent.destroy();
      agent.waitFor(30, TimeUnit.SECONDS);
    }
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void failingStartupScriptIsReportedWithItsLogAndTheWorkspaceIsNotReady() throws Exception {
    String token = startWorkspace("echo compiling; echo 'error: no such repo' >&2; exit 3");
    agent = spawn(token);

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Workspace ws = harness.workspace("ws");
      assertThat(ws.getStatus().getAgent()).as("agent status (written once it connects)").isNotNull();
      assertThat(ws.getStatus().getAgent().getLifecycle()).isEqualTo("start_error");
      var ready = Conditions.find(ws.getStatus().getConditions(), "Ready").orElseThrow(AssertionError::new);
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getReason()).isEqualTo("StartupScriptFailed");
    });
    assertThat(String.join("\n", session().log())).contains("compiling").contains("error: no such repo");
    String uid = harness.workspace("ws").getMetadata().getUid();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
        harness.operator().store().agentLogs().read(uid, 0, 100))
        .as("the real agent's startup script output is in the store, with its source")
        .anySatisfy(l -> assertThat(l.text()).contains("compiling"))
        .anySatisfy(l -> assertThat(l.text()).contains("error: no such repo"))
        .allSatisfy(l -> assertThat(l.source()).isIn("startup_script", "agent")));
  }

  @Test
  void agentWithAWrongTokenIsRefusedAndKeepsTrying() throws Exception {
    startWorkspace("true");
    agent = spawn("not-the-token");

    await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(tmp.resolve("agent.log")).contains("401"));
    assertThat(harness.operator().agents().connectedCount()).isZero();
    assertThat(agent.isAlive()).as("a refused agent keeps retrying").isTrue();
    assertThat(Files.readString(tmp.resolve("agent.log"))).doesNotContain("not-the-token");
  }

  @Test
  void requestsOverTheWireTimeOutCapOutputAndRunOncePerId() throws Exception {
    agent = spawn(startWorkspace("true"));
    await().atMost(Duration.ofSeconds(30)).until(() ->
        Conditions.isTrue(harness.workspace("ws").getStatus().getConditions(), "Ready"));
    AgentConnection connection = session().connection();

    JsonNode slow = connection.call("t-1", "exec", Json.mapper().createObjectNode().put("command", "sleep 30")
        .put("timeoutMs", 500), Duration.ofSeconds(20)).get(25, TimeUnit.SECONDS);
    assertThat(slow.path("timedOut").asBoolean()).isTrue();

    JsonNode capped = connection.call("c-1", "exec", Json.mapper().createObjectNode()
        .put("command", "head -c 100000 /dev/zero | tr '\\\\0' x").put("maxOutputBytes", 1000),
        Duration.ofSeconds(20)).get(25, TimeUnit.SECONDS);
    assertThat(capped.path("stdout").asText()).hasSize(1000);
    assertThat(capped.path("truncated").asBoolean()).isTrue();

    var append = Json.mapper().createObjectNode().put("command", "echo once >> runs.txt; wc -l < runs.txt");
    JsonNode first = connection.call("a-1", "exec", append, Duration.ofSeconds(20)).get(25, TimeUnit.SECONDS);
    JsonNode again = connection.call("a-1", "exec", append, Duration.ofSeconds(20)).get(25, TimeUnit.SECONDS);
    assertThat(again).isEqualTo(first);
    assertThat(Files.readAllLines(tmp.resolve("home/runs.txt"))).containsExactly("once");

    Files.writeString(tmp.resolve("home/main.go"), "package main\nfunc main() { println(\"hi\") }\n");
    JsonNode edit = connection.call("e-1", "edit_file", Json.mapper().createObjectNode().put("path", "main.go")
        .put("oldText", "\"hi\"").put("newText", "\"hello\""), Duration.ofSeconds(20)).get(25, TimeUnit.SECONDS);
    assertThat(edit.path("replacements").asInt()).isEqualTo(1);
    assertThat(edit.path("diff").asText()).contains("-func main() { println(\"hi\") }")
        .contains("+func main() { println(\"hello\") }");
  }

  private String startWorkspace(String startupScript) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    harness = OperatorHarness.start(OperatorConfig.forTests().onLoopbackPort(port), null);
    Template template = OperatorHarness.echoTemplate("agentful", "{}");
    TemplateAgent settings = new TemplateAgent();
    settings.setEnabled(true);
    settings.setStartupScript(startupScript);
    template.getSpec().setAgent(settings);
    harness.createTemplate(template);
    harness.createWorkspace(OperatorHarness.workspace("ws", "agentful", Map.of()));
    Workspace ws = harness.awaitPhase("ws", WorkspacePhase.Running);
    return new AgentTokenSecrets(harness.client()).current(ws).orElseThrow();
  }

  private Process spawn(String token) throws IOException {
    Files.createDirectories(tmp.resolve("home"));
    ProcessBuilder pb = new ProcessBuilder(LocalProvisioner.defaultAgentCommand(AGENT_JAR))
        .directory(tmp.resolve("home").toFile()).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("agent.log").toFile());
    pb.environment().putAll(Map.of("KUBICLE_AGENT_URL", "http://127.0.0.1:" + harness.operator().httpPort(),
        "KUBICLE_AGENT_TOKEN", token, "KUBICLE_AGENT_SSH_PORT", "0",
        "KUBICLE_AGENT_DIR", tmp.resolve("home").toString(),
        "KUBICLE_AGENT_SSH_HOST_KEY", tmp.resolve("host_key").toString()));
    return pb.start();
  }

  private dev.kubicle.operator.agentapi.AgentSession session() {
    ResourceID id = new ResourceID("ws", NS);
    await().atMost(Duration.ofSeconds(30)).until(() -> harness.operator().agents().session(id).isPresent());
    return harness.operator().agents().session(id).get();
  }
}
