package dev.kubicle.operator.console.terminal;

import static dev.kubicle.operator.support.OperatorHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateAgent;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.operator.agentapi.AgentTokenSecrets;
import dev.kubicle.operator.console.Caller;
import dev.kubicle.operator.console.ConsoleHarness;
import dev.kubicle.operator.kube.Conditions;
import dev.kubicle.operator.store.AuditEntry;
import dev.kubicle.operator.store.AuditQuery;
import dev.kubicle.operator.support.AgentProcess;
import dev.kubicle.operator.support.OperatorHarness;
import dev.kubicle.operator.support.Repository;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web terminal endpoint against the real agent process: a shell over the WebSocket (input, output, resize,
 * exit), the browser-only checks (Origin, CSRF token as a subprotocol), object-level access, and the audit log.
 */
class TerminalEndpointTest {
  @TempDir
  static Path tmp;
  static ConsoleHarness console;
  static AgentProcess agent;

  @BeforeAll
  static void startWorkspaceWithItsAgent() throws Exception {
    assertThat(Repository.agentJar()).as("build it with: mvn -o -q -pl agent -am package -DskipTests").exists();
    console = ConsoleHarness.start(tmp.resolve("console"));
    OperatorHarness operator = console.operator();
    Template template = OperatorHarness.echoTemplate("shell", "{}");
    TemplateAgent settings = new TemplateAgent();
    settings.setEnabled(true);
    settings.setStartupScript("true");
    template.getSpec().setAgent(settings);
    operator.createTemplate(template);
    operator.createWorkspace(OperatorHarness.workspace("ws", "shell", Map.of())); // owned by alice
    operator.createWorkspace(OperatorHarness.workspace("idle", "shell", Map.of()));
    Workspace ws = operator.awaitPhase("ws", WorkspacePhase.Running);
    operator.awaitPhase("idle", WorkspacePhase.Running);
    String token = new AgentTokenSecrets(operator.client()).current(ws)
        .orElseThrow();
    agent = AgentProcess.start(operator.operator().httpPort(), token, tmp.resolve("agent"));
    await().atMost(Duration.ofSeconds(60)).until(() ->
        Conditions.isTrue(operator.workspace("ws").getStatus().getConditions(), "Ready"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (agent != null) {
      agent.close();
    }
    if (console != null) {
      console.close();
    }
  }

  private static String url(String workspace, String query) {
    return console.base().replace("http://", "ws://") + "/api/v1/namespaces/" + NS + "/workspaces/" + workspace
        + "/terminal" + query;
  }

  @Test
  void theOwnersBrowserGetsAShellThatResizesAndEndsWithItsExitCode() throws Exception {
    Caller alice = console.session("alice", false);
    TerminalClient term = TerminalClient.open(url("ws", "?cols=100&rows=30"), console.base(), alice.cookie(),
        null, alice.csrf());
    assertThat(term.subprotocol()).isEqualTo("kubicle.terminal.v1");

    term.type("echo hello-$((6*7)); stty size\r");
    await().atMost(Duration.ofSeconds(20)).until(() -> term.output().contains("hello-42"));
    await().atMost(Duration.ofSeconds(20)).until(() -> term.output().contains("30 100"));

    term.send(new JsonObject().put("type", "resize").put("cols", 120).put("rows", 40).encode());
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      term.type("stty size\r");
      await().atMost(Duration.ofSeconds(5)).until(() -> term.output().contains("40 120"));
    });
    term.type("tty\r");
    await().atMost(Duration.ofSeconds(20)).until(() -> term.output().contains("/dev/pts/"));

    term.type("exit 3\r");
    assertThat(term.closed().get(20, TimeUnit.SECONDS)).isEqualTo(1000);
    assertThat(term.messages()).anySatisfy(m -> assertThat(new JsonObject(m).getMap())
        .containsEntry("type", "exit").containsEntry("exitCode", 3));

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(audit("alice"))
        .anySatisfy(e -> {
          assertThat(e.result()).isEqualTo("ok");
          assertThat(e.name()).isEqualTo("ws");
          assertThat(e.sourceAddress()).isEqualTo("127.0.0.1");
          assertThat(e.detail()).contains("100x30");
        }));
  }

  @Test
  void closingThePageEndsTheShellOnTheAgent() throws Exception {
    Caller alice = console.session("alice", false);
    TerminalClient term = TerminalClient.open(url("ws", ""), console.base(), alice.cookie(), null, alice.csrf());
    term.type("echo pid=$$=\r");
    await().atMost(Duration.ofSeconds(20)).until(() -> term.output().matches("(?s).*pid=\\d+=.*"));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("pid=(\\d+)=").matcher(term.output());
    assertThat(m.find()).isTrue();
    long shell = Long.parseLong(m.group(1));
    assertThat(ProcessHandle.of(shell).map(ProcessHandle::isAlive)).contains(true);

    term.close();
    await().atMost(Duration.ofSeconds(20)).until(() -> ProcessHandle.of(shell).map(p -> !p.isAlive()).orElse(true));
  }

  @Test
  void aBrowserSessionNeedsTheConsolesOriginAndItsCsrfToken() throws Exception {
    Caller alice = console.session("alice", false);
    assertThat(TerminalClient.refusal(url("ws", ""), "https://evil.example", alice.cookie(), null, alice.csrf()))
        .isEqualTo(403);
    assertThat(TerminalClient.refusal(url("ws", ""), null, alice.cookie(), null, alice.csrf())).isEqualTo(403);
    assertThat(TerminalClient.refusal(url("ws", ""), console.base(), alice.cookie(), null, null)).isEqualTo(403);
    assertThat(TerminalClient.refusal(url("ws", ""), console.base(), alice.cookie(), null, "not-the-token"))
        .isEqualTo(403);
    assertThat(TerminalClient.refusal(url("ws", ""), console.base(), null, null, alice.csrf())).isEqualTo(401);
    assertThat(TerminalClient.refusal(url("ws", "?cols=0"), console.base(), alice.cookie(), null, alice.csrf()))
        .isEqualTo(400);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(audit("alice"))
        .filteredOn(e -> "denied".equals(e.result())).hasSizeGreaterThanOrEqualTo(4));
  }

  @Test
  void anotherMemberGetsNotFoundAndTheAttemptIsAuditedAsDenied() throws Exception {
    Caller bob = console.session("bob", false);
    assertThat(TerminalClient.refusal(url("ws", ""), console.base(), bob.cookie(), null, bob.csrf()))
        .isEqualTo(404);
    assertThat(TerminalClient.refusal(url("nope", ""), console.base(), bob.cookie(), null, bob.csrf()))
        .isEqualTo(404);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(audit("bob"))
        .anySatisfy(e -> {
          assertThat(e.name()).isEqualTo("ws");
          assertThat(e.result()).isEqualTo("denied");
        })
        .anySatisfy(e -> {
          assertThat(e.name()).isEqualTo("nope");
          assertThat(e.result()).isEqualTo("invalid");
        }));
  }

  @Test
  void anApiTokenNeedsNoOriginAndAWorkspaceWithoutAgentIsAConflict() throws Exception {
    Caller script = console.member("alice");
    TerminalClient term = TerminalClient.open(url("ws", ""), null, null, script.bearer(), null);
    term.type("echo via-token\r");
    await().atMost(Duration.ofSeconds(20)).until(() -> term.output().contains("via-token"));
    term.close();

    assertThat(TerminalClient.refusal(url("idle", ""), null, null, script.bearer(), null)).isEqualTo(409);
  }

  @Test
  void aPlainGetIsRefusedAndChangesNothing() {
    Caller carol = console.session("carol", true);
    Caller.Response response = carol.get("/api/v1/namespaces/" + NS + "/workspaces/ws/terminal");
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorMessage()).contains("WebSocket");
    assertThat(console.session("carol", true).get("/api/v1/me").status()).isEqualTo(200);
    assertThat(audit("carol")).isEmpty();
  }

  private static List<AuditEntry> audit(String actor) {
    return console.store().audit().query(AuditQuery.latest(500)).stream()
        .filter(e -> actor.equals(e.actor()) && "workspace.terminal".equals(e.action())).toList();
  }
}
