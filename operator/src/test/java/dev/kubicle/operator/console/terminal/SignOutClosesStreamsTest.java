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
import dev.kubicle.operator.console.SseStream;
import dev.kubicle.operator.kube.Conditions;
import dev.kubicle.operator.store.UserRecord;
import dev.kubicle.operator.support.AgentProcess;
import dev.kubicle.operator.support.OperatorHarness;
import dev.kubicle.operator.support.Repository;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack: keep a terminal and an event stream open, then sign out (a shared computer) or have the token revoked
 * (a leaked token), and keep typing and reading. On main before issue 13 both stayed open until the client left;
 * these tests failed there. Now sign-out and revocation close them at once, and a sign-in that ended elsewhere (the
 * store, as another replica would write it) is found by the re-check within 5 s.
 */
class SignOutClosesStreamsTest {
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
    Workspace ws = operator.awaitPhase("ws", WorkspacePhase.Running);
    String token = new AgentTokenSecrets(operator.client()).current(ws).orElseThrow();
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

  @Test
  void signingOutClosesTheSessionsEventStreamAndTerminal() throws Exception {
    Caller alice = console.session("alice", false);
    Caller other = console.session("alice", false); // the same user on another computer keeps hers
    try (SseStream events = events(null, alice.cookie()); SseStream otherEvents = events(null, other.cookie())) {
      TerminalClient term = TerminalClient.open(terminalUrl(), console.base(), alice.cookie(), null, alice.csrf());
      assertShellAnswers(term);

      Caller.Response out = alice.send("POST", "/auth/logout", "", Map.of("Accept", "application/json"));
      assertThat(out.status()).as(out.body()).isEqualTo(204);

      await().atMost(Duration.ofSeconds(10)).until(events::ended);
      assertThat(term.closed().get(10, TimeUnit.SECONDS)).isNotNull();
      assertThat(term.messages()).as("the browser is told why").anySatisfy(m -> assertThat(m).contains("sign-in ended"));
      assertThat(otherEvents.ended()).as("another session's stream").isFalse();
    }
  }

  @Test
  void revokingAnApiTokenClosesItsEventStreamAndTerminal() throws Exception {
    Token token = token("alice");
    try (SseStream events = events(token.bearer(), null)) {
      TerminalClient term = TerminalClient.open(terminalUrl(), console.base(), null, token.bearer(), null);
      assertShellAnswers(term);

      Caller.Response revoked = console.session("alice", false).delete("/api/v1/tokens/" + token.id());
      assertThat(revoked.status()).as(revoked.body()).isEqualTo(204);

      await().atMost(Duration.ofSeconds(10)).until(events::ended);
      assertThat(term.closed().get(10, TimeUnit.SECONDS)).isNotNull();
    }
  }

  @Test
  void aTokenRevokedBehindThisReplicasBackIsFoundByTheRecheck() throws Exception {
    Token token = token("alice");
    try (SseStream events = events(token.bearer(), null)) {
      TerminalClient term = TerminalClient.open(terminalUrl(), console.base(), null, token.bearer(), null);
      assertShellAnswers(term);

      // Straight into the store: no route of this operator ran, as when another replica revokes it.
      console.store().apiTokens().revoke(token.userKey(), token.id(), Clock.systemUTC().instant());

      await().atMost(Duration.ofSeconds(20)).until(events::ended);
      assertThat(term.closed().get(20, TimeUnit.SECONDS)).isNotNull();
    }
  }

  private record Token(String id, String userKey, String bearer) {}

  private static Token token(String name) {
    UserRecord user = console.store().users().login(ConsoleHarness.IDP, "sub-" + name, name, name + "@example.com",
        Clock.systemUTC().instant());
    var created = new dev.kubicle.operator.console.auth.ApiTokenService(console.store().apiTokens(),
        Clock.systemUTC(), Duration.ofDays(1)).create(user.key(), user.name(), "streams", null);
    return new Token(created.record().id(), user.key(), "Bearer " + created.token());
  }

  private static SseStream events(String bearer, String cookie) throws Exception {
    SseStream stream = new SseStream(console.base() + "/api/v1/events/workspaces", bearer,
        cookie == null ? Map.of() : Map.of("Cookie", cookie));
    await().atMost(Duration.ofSeconds(10)).until(() -> !stream.named("synced").isEmpty());
    return stream;
  }

  private static void assertShellAnswers(TerminalClient term) {
    term.type("echo up-$((6*7))\r");
    await().atMost(Duration.ofSeconds(20)).until(() -> term.output().contains("up-42"));
  }

  private static String terminalUrl() {
    return console.base().replace("http://", "ws://") + "/api/v1/namespaces/" + NS + "/workspaces/ws/terminal";
  }
}
