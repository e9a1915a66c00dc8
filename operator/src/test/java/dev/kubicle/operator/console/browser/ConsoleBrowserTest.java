package dev.kubicle.operator.console.browser;

import static dev.kubicle.operator.support.OperatorHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateAgent;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.operator.console.ConsoleHarness;
import dev.kubicle.operator.support.OperatorHarness;
import dev.kubicle.operator.support.Repository;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in a real browser (headless Chromium) against the real operator on the embedded dev cluster, with the
 * local provisioner running the real agent: sign in with the dev code, create a workspace from the form, watch it
 * reach Running, run a command in the web terminal, stop it; a member sees none of it. Screenshots of every page go
 * to target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
  @TempDir
  static Path tmp;
  /** A failed step leaves a screenshot of what the browser showed, next to the others. */
  @org.junit.jupiter.api.extension.RegisterExtension
  static final org.junit.jupiter.api.extension.TestWatcher ON_FAILURE = new org.junit.jupiter.api.extension.TestWatcher() {
    @Override
    public void testFailed(org.junit.jupiter.api.extension.ExtensionContext context, Throwable cause) {
      if (browser != null) {
        browser.screenshot("failed-" + context.getRequiredTestMethod().getName());
      }
    }
  };
  static ConsoleHarness console;
  static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    String missing = Browser.missing();
    assumeTrue(missing == null, () -> "browser tests skipped: " + missing);
    assertThat(Repository.agentJar()).as("build it with: mvn -o -q -pl agent -am package -DskipTests").exists();
    console = ConsoleHarness.startWithLocalWorkspaces(tmp.resolve("workspaces"), "developer");
    OperatorHarness operator = console.operator();
    Template local = Serialization.unmarshal(
        Files.readString(Repository.root().resolve("examples/templates/local/template.yaml")), Template.class);
    local.getMetadata().setNamespace(NS);
    operator.createTemplate(local);
    Template sized = OperatorHarness.echoTemplate("sized", "{}");
    sized.getSpec().setDisplayName("Sized (echo)");
    sized.getSpec().setDescription("A template with parameters, built by the echo provisioner.");
    sized.getSpec().setParameters(OperatorHarness.terraformTemplate("x").getSpec().getParameters());
    TemplateAgent noAgent = new TemplateAgent();
    noAgent.setEnabled(false);
    sized.getSpec().setAgent(noAgent);
    operator.createTemplate(sized);
    browser = Browser.start(console.base());
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (console != null) {
      console.close(); // stops the local agent processes too
    }
  }

  @Test
  @Order(1)
  void signsInWithTheOneTimeDevCode() {
    browser.open("/workspaces");
    assertThat(browser.path()).isEqualTo("/login");
    browser.find(By.id("dev-code"));
    browser.screenshot("01-sign-in");
    browser.find(By.id("dev-code")).sendKeys(console.operator().operator().console().issueDevLoginCode());
    browser.find(By.cssSelector("form[action='/auth/dev-login'] button")).click();
    browser.until(d -> browser.path().equals("/"));
    browser.until(d -> browser.text(By.id("main")).contains("No workspaces yet"));
    assertThat(browser.text(By.cssSelector("header.top"))).contains("developer").contains("Audit log");
    browser.screenshot("02-workspaces-empty");
  }

  @Test
  @Order(2)
  void theCreateFormFollowsTheParameterSchemaAndShowsTheServersMessagesInline() {
    browser.open("/templates");
    browser.find(By.cssSelector("tr[data-template='default/sized']"));
    browser.screenshot("03-templates");
    browser.open("/templates/default/sized");
    browser.until(d -> browser.text(By.id("main")).contains("from 1 to 8"));
    browser.screenshot("04-template-detail");

    browser.open("/workspaces/new?template=default/sized");
    WebElement cpu = browser.find(By.cssSelector("[data-param='cpu'] input"));
    assertThat(cpu.getAttribute("type")).isEqualTo("number");
    assertThat(cpu.getAttribute("value")).isEqualTo("2");
    Select region = new Select(browser.find(By.cssSelector("[data-param='region'] select")));
    assertThat(region.getOptions()).extracting(WebElement::getText).containsExactly("Europe", "US");
    assertThat(browser.text(By.cssSelector("[data-param='cpu']"))).contains("from 1 to 8")
        .contains("can be changed later");
    assertThat(browser.text(By.cssSelector("[data-param='region']"))).contains("fixed once created");

    browser.find(By.name("name")).sendKeys("Not A Name");
    cpu.clear();
    cpu.sendKeys("99");
    browser.find(By.cssSelector("main form button[type='submit']")).click();
    WebElement nameError = browser.find(By.cssSelector("[id$='-error']:not([hidden])"));
    assertThat(nameError.getText()).contains("not a valid workspace name");
    browser.find(By.name("name")).clear();
    browser.find(By.name("name")).sendKeys("sized-1");
    browser.find(By.cssSelector("main form button[type='submit']")).click();
    WebElement cpuError = browser.until(d -> {
      WebElement e = d.findElement(By.cssSelector("[data-param='cpu'] .error"));
      return e.isDisplayed() ? e : null;
    });
    assertThat(cpuError.getText()).contains("8");
    assertThat(cpu.getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(browser.path()).as("nothing was created").isEqualTo("/workspaces/new");
    browser.screenshot("05-create-form-errors");
    assertThat(console.operator().workspace("sized-1")).isNull();
  }

  @Test
  @Order(3)
  void createsALocalWorkspaceWatchesItRunUsesTheTerminalAndStopsIt() {
    browser.open("/workspaces/new?template=default/local");
    browser.until(d -> browser.text(By.id("parameters")).contains("no parameters"));
    browser.find(By.name("name")).sendKeys("web-dev");
    browser.find(By.cssSelector("main form button[type='submit']")).click();
    browser.until(d -> browser.path().equals("/workspaces/default/web-dev"));
    Workspace created = console.operator().workspace("web-dev");
    assertThat(created.getSpec().getOwner()).isEqualTo("developer");

    // Live: the page follows the phase and the agent without a reload.
    browser.until(Duration.ofSeconds(90), d -> browser.text(By.cssSelector(".page-head")).contains("Running")
        && browser.text(By.id("agent-h")).length() > 0
        && browser.text(By.cssSelector("[aria-labelledby='agent-h']")).contains("ready"));
    browser.until(d -> browser.text(By.cssSelector("[aria-labelledby='connect-h']")).contains("ssh -p"));
    browser.until(d -> browser.text(By.cssSelector("[aria-labelledby='builds-h']")).contains("finished"));
    browser.screenshot("06-workspace-running");

    // Log text is text: a line that looks like markup is shown as written, and nothing runs.
    String uid = console.operator().workspace("web-dev").getMetadata().getUid();
    console.store().buildLogs().append(uid, 1, java.time.Instant.now(),
        java.util.List.of("<img src=x onerror=\"document.title='pwned'\">"));
    browser.open("/workspaces/default/web-dev");
    browser.until(d -> browser.text(By.id("build-log")).contains("<img src=x onerror="));
    assertThat(browser.all(By.cssSelector("#build-log img"))).isEmpty();
    assertThat(browser.driver().getTitle()).isNotEqualTo("pwned");

    browser.click(By.id("open-terminal"));
    browser.until(d -> "connected".equals(browser.text(By.id("terminal-state"))));
    browser.until(d -> terminalText().contains("$") || terminalText().contains("#"));
    // Typed as a person would: the page focuses the terminal, the keys go to whatever has the focus.
    assertThat(browser.script("return document.activeElement.classList.contains('xterm-helper-textarea')"))
        .isEqualTo(true);
    new Actions(browser.driver()).sendKeys("echo $((6*7))-from-the-browser; cat README.txt" + Keys.ENTER).perform();
    browser.until(d -> terminalText().contains("42-from-the-browser"));
    browser.until(d -> terminalText().contains("survive a stop"));
    browser.screenshot("07-terminal");
    browser.click(By.id("close-terminal"));

    browser.open("/workspaces");
    By row = By.cssSelector("tr[data-workspace='default/web-dev']");
    browser.until(d -> browser.text(row).contains("Running"));
    assertThat(browser.text(row)).contains("local").contains("ready");
    browser.screenshot("08-workspaces-list");
    browser.click(By.cssSelector("tr[data-workspace='default/web-dev'] button[data-action='stop']"));
    browser.until(Duration.ofSeconds(60), d -> browser.text(row).contains("Stopped"));
    assertThat(browser.text(By.id("main"))).contains("default/web-dev is stopping");
    browser.screenshot("09-workspace-stopped");
    assertThat(console.operator().workspace("web-dev").getStatus().getPhase()).isEqualTo(WorkspacePhase.Stopped);
  }

  @Test
  @Order(4)
  void theAuditLogShowsTheTerminalAndTheStop() {
    browser.open("/audit?action=workspace.terminal");
    browser.until(d -> browser.text(By.id("main")).contains("workspace.terminal"));
    assertThat(browser.text(By.cssSelector("table[aria-label='Audit entries']"))).contains("developer")
        .contains("web-dev").contains("ok");
    browser.screenshot("10-audit");
  }

  @Test
  @Order(5)
  void devicesAndTokensAreShownOnceAndRevokedAfterConfirmation() {
    browser.open("/devices");
    browser.find(By.cssSelector("form[aria-label='Register a device'] input")).sendKeys("laptop");
    browser.find(By.cssSelector("form[aria-label='Register a device'] button[type='submit']")).click();
    String config = browser.text(By.id("device-config-text"));
    assertThat(config).contains("[Interface]").contains("PrivateKey").contains("[Peer]");
    browser.find(By.cssSelector("tr[data-device='laptop']"));
    browser.screenshot("11-device-registered");
    browser.find(By.cssSelector("button[aria-label='Revoke device laptop']")).click();
    browser.find(By.cssSelector("dialog button.danger")).click();
    browser.until(d -> d.findElements(By.cssSelector("tr[data-device='laptop']")).isEmpty());

    browser.open("/settings");
    browser.find(By.cssSelector("form[aria-label='Create an API token'] input")).sendKeys("ci");
    browser.find(By.cssSelector("form[aria-label='Create an API token'] button[type='submit']")).click();
    assertThat(browser.text(By.id("new-token-value"))).startsWith("kbt_");
    browser.screenshot("12-account-token");
    browser.open("/settings");
    browser.until(d -> browser.text(By.id("main")).contains("ci"));
    assertThat(browser.all(By.id("new-token-value"))).as("the secret is shown only once").isEmpty();
  }

  @Test
  @Order(6)
  void aMemberSeesNeitherTheWorkspaceNorTheAuditLog() {
    browser.useSession(console.session("mallory", false).cookie());
    browser.open("/workspaces");
    browser.until(d -> browser.text(By.id("main")).contains("No workspaces yet"));
    assertThat(browser.text(By.id("main"))).doesNotContain("web-dev");
    assertThat(browser.text(By.cssSelector("header.top"))).contains("mallory").doesNotContain("Audit log");
    browser.open("/workspaces/default/web-dev");
    browser.until(d -> browser.text(By.id("main")).contains("not found"));
    browser.screenshot("13-member-not-found");
    browser.open("/audit");
    browser.until(d -> browser.text(By.id("main")).contains("Only admins"));

    browser.click(By.cssSelector("header.top form[action='/auth/logout'] button"));
    browser.until(d -> browser.path().equals("/login"));
    browser.open("/workspaces");
    assertThat(browser.path()).as("signed out: the session cookie no longer works").isEqualTo("/login");
  }

  @Test
  @Order(7)
  void noPageBrokeTheContentSecurityPolicy() {
    assertThat(browser.consoleErrors()).noneMatch(m -> m.contains("Content Security Policy"));
  }

  private static String terminalText() {
    return String.valueOf(browser.script("""
        const t = document.querySelector('[data-terminal]').terminal;
        if (!t) return '';
        const b = t.buffer.active;
        let out = '';
        for (let i = 0; i < b.length; i++) out += b.getLine(i).translateToString(true) + '\\n';
        return out;"""));
  }
}
