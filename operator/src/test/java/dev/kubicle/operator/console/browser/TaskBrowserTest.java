package dev.kubicle.operator.console.browser;

import static dev.kubicle.operator.support.ModelStreams.call;
import static dev.kubicle.operator.support.OperatorHarness.NS;
import static dev.kubicle.operator.support.ScriptedModelServer.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kubicle.api.v1alpha1.AgentTask;
import dev.kubicle.api.v1alpha1.TaskPhase;
import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.console.Caller;
import dev.kubicle.operator.console.ConsoleHarness;
import dev.kubicle.operator.kube.Conditions;
import dev.kubicle.operator.network.NetworkSettings;
import dev.kubicle.operator.support.ModelStreams;
import dev.kubicle.operator.support.ModelStreams.Usage;
import dev.kubicle.operator.support.OperatorHarness;
import dev.kubicle.operator.support.Repository;
import dev.kubicle.operator.support.ScriptedModelServer;
import dev.kubicle.operator.task.model.ModelCatalogSource;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The agent task pages in a real browser (headless Chromium) against the real operator with a local workspace running
 * the real agent; the model is a scripted model server (a test double: no model can run here). A task is created from
 * the form (a limit the server refuses is shown under its field first), runs a real command in the workspace, and
 * its page shows the transcript with the tool's output, the usage and the cost; then the usage page, and Cancel on
 * a task whose model call never answers. Screenshots go to target/screenshots (task-*.png).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TaskBrowserTest {
  private static final String USER = "developer";
  private static final String TASKS = "/api/v1/namespaces/" + NS + "/tasks";
  @TempDir
  static Path tmp;
  @org.junit.jupiter.api.extension.RegisterExtension
  static final org.junit.jupiter.api.extension.TestWatcher ON_FAILURE = new org.junit.jupiter.api.extension.TestWatcher() {
    @Override
    public void testFailed(org.junit.jupiter.api.extension.ExtensionContext context, Throwable cause) {
      if (browser != null) {
        browser.screenshot("task-failed-" + context.getRequiredTestMethod().getName());
      }
    }
  };
  static ConsoleHarness console;
  static ScriptedModelServer models;
  static Browser browser;
  static Caller session;
  /** Holds the cancel test's model call open; released at the end so no thread stays parked. */
  static final CountDownLatch NEVER = new CountDownLatch(1);

  @BeforeAll
  static void start() throws Exception {
    String missing = Browser.missing();
    assumeTrue(missing == null, () -> "browser tests skipped: " + missing);
    assertThat(Repository.agentJar()).as("build it with: mvn -o -q -pl agent -am package -DskipTests").exists();
    models = ScriptedModelServer.start();
    console = ConsoleHarness.startWithLocalWorkspaces(tmp.resolve("workspaces"), null);
    OperatorHarness operator = console.operator();
    writeModelConfiguration(operator);
    Template local = Serialization.unmarshal(
        Files.readString(Repository.root().resolve("examples/templates/local/template.yaml")), Template.class);
    local.getMetadata().setNamespace(NS);
    operator.createTemplate(local);
    Workspace ws = OperatorHarness.workspace("agent-box", "local", Map.of());
    ws.getSpec().setOwner(USER);
    operator.createWorkspace(ws);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
      Workspace now = operator.workspace("agent-box");
      return now != null && now.getStatus() != null && Conditions.isTrue(now.getStatus().getConditions(), "Ready");
    });
    session = console.session(USER, true);
    browser = Browser.start(console.base());
    browser.useSession(session.cookie());
  }

  private static void writeModelConfiguration(OperatorHarness operator) {
    String namespace = NetworkSettings.DEFAULT_NAMESPACE;
    String yaml = """
        defaultModel: claude
        providers:
          - name: anthropic
            type: anthropic
            baseUrl: %s
            apiKeySecret: {name: model-keys, key: anthropic}
            maxAttempts: 1
        models:
          - id: claude
            provider: anthropic
            model: claude-test
            prices: {input: "3", output: "15", cacheRead: "0.30", cacheWrite: "3.75"}
        """.formatted(models.baseUrl());
    operator.client().configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata()
        .withName(ModelCatalogSource.CONFIG_MAP).withNamespace(namespace).endMetadata()
        .addToData(ModelCatalogSource.KEY, yaml).build()).create();
    operator.client().secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata()
        .withName("model-keys").withNamespace(namespace).endMetadata()
        .addToStringData("anthropic", "sk-kubicle-browser-test").build()).create();
  }

  @AfterAll
  static void stop() {
    NEVER.countDown();
    try {
      if (browser != null) {
        browser.close();
      }
      if (console != null) {
        console.close(); // stops the local agent processes too
      }
    } finally {
      if (models != null) {
        models.close();
      }
    }
  }

  @Test
  @Order(1)
  void createsATaskFromTheFormAndWatchesItSucceedWithTranscriptAndCost() {
    models.then(
        sse(ModelStreams.anthropic("Let me look.", List.of(
            call("toolu_1", "report_progress", "{\"message\":\"Looking around\"}"),
            call("toolu_2", "execute", "{\"command\":\"echo $((6*7))-from-the-task\"}")),
            new Usage(1000, 100, 0, 0))),
        sse(ModelStreams.anthropic("The answer is 42. <b>not bold</b>", List.of(), new Usage(500, 50, 0, 0))));

    browser.open("/tasks");
    browser.until(d -> browser.text(By.id("main")).contains("No tasks yet"));
    browser.click(By.cssSelector(".page-head a[href='/tasks/new']"));
    browser.until(d -> browser.path().equals("/tasks/new"));
    Select workspace = new Select(browser.find(By.name("workspace")));
    assertThat(workspace.getOptions()).extracting(e -> e.getAttribute("value")).containsExactly("default/agent-box");
    browser.find(By.name("prompt")).sendKeys("Compute 6*7 in the workspace.");
    browser.find(By.name("maxTurns")).sendKeys("0");
    browser.find(By.cssSelector("main form button[type='submit']")).click();
    // The server's 422 goes under the field it names; nothing was created.
    String error = browser.text(By.cssSelector("[data-field='spec.limits.maxTurns'] .error"));
    assertThat(error).contains("at least 1");
    assertThat(browser.find(By.name("maxTurns")).getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(browser.path()).isEqualTo("/tasks/new");
    browser.screenshot("task-01-form-error");
    assertThat(console.operator().client().resources(AgentTask.class).inNamespace(NS).list().getItems()).isEmpty();

    browser.find(By.name("maxTurns")).clear();
    browser.find(By.name("maxTurns")).sendKeys("5");
    browser.find(By.name("name")).sendKeys("answer");
    browser.find(By.cssSelector("main form button[type='submit']")).click();
    browser.until(d -> browser.path().equals("/tasks/default/answer"));
    AgentTask created = task("answer");
    assertThat(created.getSpec().getOwner()).isEqualTo(USER);
    assertThat(created.getSpec().getLimits().getMaxTurns()).isEqualTo(5);

    // Live: the page follows the task to its end without a reload.
    browser.until(Duration.ofSeconds(90), d -> browser.text(By.id("task-phase")).contains("Succeeded"));
    browser.until(d -> browser.text(By.id("transcript-state")).startsWith("finished"));
    String transcript = browser.text(By.id("transcript"));
    assertThat(transcript).contains("Compute 6*7 in the workspace.").contains("Let me look.")
        .contains("42-from-the-task").contains("The answer is 42. <b>not bold</b>");
    assertThat(browser.all(By.cssSelector("#transcript b"))).as("model text is text, not markup").isEmpty();
    assertThat(browser.text(By.id("task-result"))).isEqualTo("The answer is 42. <b>not bold</b>");
    // 1500 input × $3 + 150 output × $15 per million tokens = 4,500 + 2,250 micro-dollars
    By cost = By.cssSelector("#task-cost [data-cost]");
    browser.until(d -> "6750".equals(d.findElement(cost).getAttribute("data-cost")));
    assertThat(browser.text(cost)).isEqualTo("$0.00675");
    assertThat(task("answer").getStatus().getCostMicros()).isEqualTo(6750L);
    assertThat(browser.text(By.cssSelector("[aria-labelledby='usage-h']"))).contains("1,500").contains("150");
    browser.until(d -> browser.text(By.cssSelector("[aria-labelledby='tools-h']")).contains("execute"));
    assertThat(browser.all(By.id("cancel-task")).get(0).isDisplayed()).as("no Cancel once ended").isFalse();
    browser.screenshot("task-02-succeeded");

    browser.open("/tasks");
    By row = By.cssSelector("tr[data-task='default/answer']");
    assertThat(browser.text(row)).contains("Succeeded").contains("agent-box").contains("end_turn")
        .contains("$0.00675");
    browser.screenshot("task-03-list");
  }

  @Test
  @Order(2)
  void theUsagePageShowsTheMonthAndLinksTheCsv() {
    browser.open("/usage");
    By row = By.cssSelector("tr[data-usage='developer/claude']");
    assertThat(browser.text(row)).contains("anthropic").contains("1,500").contains("$0.00675");
    String csv = browser.find(By.id("usage-csv")).getAttribute("href");
    assertThat(csv).contains("/api/v1/usage.csv?month=");
    Caller.Response download = session.get(csv.substring(csv.indexOf("/api/v1/")));
    assertThat(download.status()).isEqualTo(200);
    assertThat(download.body()).contains("developer").contains("claude").contains("6750");
    browser.screenshot("task-04-usage");
  }

  @Test
  @Order(3)
  void cancelStopsARunningTaskFromItsPage() {
    models.then(sse(ModelStreams.anthropic("never sent", List.of(), new Usage(1, 1, 0, 0))).held(NEVER));
    Caller.Response created = session.post(TASKS, new JsonObject().put("name", "waits").put("workspace", "agent-box")
        .put("prompt", "Wait for the model."));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    browser.open("/tasks/default/waits");
    browser.until(Duration.ofSeconds(60), d -> browser.text(By.id("task-phase")).contains("Running"));
    browser.click(By.id("cancel-task"));
    browser.find(By.cssSelector("dialog button.danger")).click();
    browser.until(d -> browser.text(By.id("main")).contains("is being cancelled"));
    browser.until(Duration.ofSeconds(60), d -> browser.text(By.id("task-phase")).contains("Cancelled"));
    assertThat(browser.text(By.id("task-stop-reason"))).isEqualTo("cancelled");
    assertThat(task("waits").getStatus().getPhase()).isEqualTo(TaskPhase.Cancelled);
    browser.screenshot("task-05-cancelled");
    assertThat(browser.consoleErrors()).noneMatch(m -> m.contains("Content Security Policy"));
  }

  private static AgentTask task(String name) {
    return console.operator().client().resources(AgentTask.class).inNamespace(NS).withName(name).get();
  }
}
