package dev.kubicle.operator.console;

import static org.awaitility.Awaitility.await;

import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateAgent;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.operator.support.OperatorHarness;
import java.time.Duration;
import java.util.Map;

/** Templates and workspaces the console tests share. */
final class ConsoleFixtures {
  static final String NS = OperatorHarness.NS;

  private ConsoleFixtures() {}

  /** An echo template (builds succeed at once, no Jobs, no agent) with the harness's two parameters. */
  static Template echoWithParameters(String name) {
    Template t = OperatorHarness.echoTemplate(name, "{}");
    Template withParams = OperatorHarness.terraformTemplate(name);
    t.getSpec().setParameters(withParams.getSpec().getParameters());
    TemplateAgent noAgent = new TemplateAgent();
    noAgent.setEnabled(false);
    t.getSpec().setAgent(noAgent);
    return t;
  }

  static void awaitValid(OperatorHarness harness, String template) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
      Template t = harness.template(template);
      return t != null && t.getStatus() != null && t.getStatus().getLatestVersion() != null;
    });
  }

  /** A running workspace owned by {@code owner}, made with kubectl-like access (not through the console). */
  static Workspace runningWorkspace(OperatorHarness harness, String name, String template, String owner) {
    Workspace ws = OperatorHarness.workspace(name, template, Map.of());
    ws.getSpec().setOwner(owner);
    harness.createWorkspace(ws);
    return harness.awaitPhase(name, WorkspacePhase.Running);
  }
}
