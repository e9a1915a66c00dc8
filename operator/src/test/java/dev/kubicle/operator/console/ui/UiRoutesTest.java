package dev.kubicle.operator.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubicle.operator.console.Caller;
import dev.kubicle.operator.console.ConsoleHarness;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The UI over real HTTP: pages need a session, the shell obeys the CSP, assets are served from the jar only. */
class UiRoutesTest {
  @TempDir
  static Path tmp;
  static ConsoleHarness console;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    console = ConsoleHarness.start(tmp);
  }

  @AfterAll
  static void stop() {
    console.close();
  }

  @Test
  void pagesSendAnonymousBrowsersToSignInAndBackAfterwards() {
    Caller.Response page = console.anonymous().get("/workspaces/default/dev");
    assertThat(page.status()).isEqualTo(303);
    assertThat(page.header("Location")).isEqualTo("/login?redirect=%2Fworkspaces%2Fdefault%2Fdev");
    assertThat(console.anonymous().get("/").header("Location")).isEqualTo("/login");
    assertThat(console.member("tina").get("/workspaces").status()).as("an API token is no browser session")
        .isEqualTo(303);
  }

  @Test
  void theShellCarriesTheSessionsTokenAndNoInlineScriptOrStyle() {
    Caller admin = console.session("ada", true);
    Caller.Response page = admin.get("/workspaces");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'").doesNotContain("unsafe-inline");
    assertThat(page.body()).contains("<meta name=\"kubicle-csrf\" content=\"" + admin.csrf() + "\">")
        .contains("<script type=\"module\" src=\"/ui/js/app.js\"></script>").contains("Audit log")
        .doesNotContain("style=");
    assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(page.body()).find()).isFalse();
    assertThat(console.session("max", false).get("/settings").body()).doesNotContain("Audit log");
  }

  @Test
  void theTaskPagesAreServedAndLinkedAndUsageIsInTheAdminsNavigation() {
    Caller admin = console.session("ada", true);
    for (String path : new String[] {"/tasks", "/tasks/new", "/tasks/default/some-task", "/usage"}) {
      assertThat(admin.get(path).status()).as(path).isEqualTo(200);
    }
    assertThat(admin.get("/tasks").body()).contains("<a href=\"/tasks\">Tasks</a>")
        .contains("<a href=\"/usage\">Usage</a>");
    assertThat(console.session("max", false).get("/tasks").body()).contains("<a href=\"/tasks\">Tasks</a>")
        .doesNotContain("<a href=\"/usage\">");
    for (String module : new String[] {"pages/tasks.js", "pages/newtask.js", "pages/task.js", "pages/usage.js",
        "transcript.js", "taskview.js"}) {
      Caller.Response js = console.anonymous().get("/ui/js/" + module);
      assertThat(js.status()).as(module).isEqualTo(200);
      assertThat(js.body()).as(module).doesNotContain("innerHTML").doesNotContain("insertAdjacentHTML");
    }
  }

  @Test
  void aUserNameIsEscapedInTheShell() {
    Caller odd = console.session("o<b>\"x", false);
    assertThat(odd.get("/devices").body()).contains("o&lt;b&gt;&quot;x").doesNotContain("o<b>");
  }

  @Test
  void assetsAreServedWithTheirTypeAndRevalidatedByEtag() throws Exception {
    HttpResponse<String> css = get("/ui/app.css", null);
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
    String etag = css.headers().firstValue("ETag").orElseThrow();
    assertThat(get("/ui/app.css", etag).statusCode()).isEqualTo(304);
    assertThat(get("/ui/vendor/xterm.js", null).body()).contains("Terminal");
    assertThat(get("/ui/vendor/xterm.css", null).statusCode()).isEqualTo(200);
    for (String path : new String[] {"/ui/nope.js", "/ui/../openapi.json", "/ui/js/..%2Fapp.css", "/ui/App.JS",
        "/ui/vendor/other.js", "/ui/dev/kubicle/operator/console/openapi.json"}) {
      assertThat(get(path, null).statusCode()).as(path).isEqualTo(404);
    }
  }

  @Test
  void everyModuleThePagesImportIsServed() throws Exception {
    Pattern imports = Pattern.compile("(?:import[^'\"]*from\\s*|import\\()\\s*['\"`](\\.{1,2}/[^'\"`$]+)['\"`]");
    Set<String> seen = new HashSet<>();
    ArrayDeque<String> queue = new ArrayDeque<>();
    queue.add("/ui/js/app.js");
    Path pages = sources().resolve("js/pages");
    try (var files = Files.list(pages)) {
      files.forEach(f -> queue.add("/ui/js/pages/" + f.getFileName())); // loaded by app.js with import(`…${page}`)
    }
    while (!queue.isEmpty()) {
      String path = queue.poll();
      if (!seen.add(path)) {
        continue;
      }
      HttpResponse<String> module = get(path, null);
      assertThat(module.statusCode()).as(path).isEqualTo(200);
      assertThat(module.headers().firstValue("Content-Type")).as(path).hasValue("text/javascript; charset=utf-8");
      assertThat(module.body()).as(path + " builds pages from text, never markup").doesNotContain("innerHTML")
          .doesNotContain("insertAdjacentHTML").doesNotContain("document.write");
      Matcher m = imports.matcher(module.body());
      while (m.find()) {
        queue.add(URI.create(path).resolve(m.group(1)).getPath());
      }
    }
    assertThat(seen).contains("/ui/js/api.js", "/ui/js/terminal.js", "/ui/js/pages/workspace.js");
  }

  private static Path sources() {
    return Path.of("src/main/resources").resolve(UiAssets.ROOT.substring(1));
  }

  private static HttpResponse<String> get(String path, String etag) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(console.base() + path));
    if (etag != null) {
      request.header("If-None-Match", etag);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
