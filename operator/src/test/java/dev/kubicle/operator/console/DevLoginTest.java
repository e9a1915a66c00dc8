package dev.kubicle.operator.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dev cluster's one-time admin login: POST only, once, and the session it gives is an admin's. */
class DevLoginTest {
  @TempDir
  static Path dir;
  static ConsoleHarness console;

  @BeforeAll
  static void start() {
    console = ConsoleHarness.start(dir, c -> c, "developer");
  }

  @AfterAll
  static void stop() {
    console.close();
  }

  @Test
  void theCodeWorksOnceByPostAndSignsInAsAnAdmin() {
    String code = console.operator().operator().console().issueDevLoginCode();
    Caller browser = console.anonymous();
    assertThat(browser.get("/auth/dev-login?code=" + code).status()).as("never by GET").isEqualTo(405);
    assertThat(browser.get("/login/dev").body()).contains("method=\"post\" action=\"/auth/dev-login\"");

    Caller.Response wrong = browser.post("/auth/dev-login", new JsonObject().put("code", "nope"));
    assertThat(wrong.status()).isEqualTo(401);
    Caller.Response first = browser.post("/auth/dev-login", new JsonObject().put("code", code));
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(first.json().getString("role")).isEqualTo("admin");
    String cookie = first.header("Set-Cookie");
    assertThat(cookie).startsWith("kubicle_session=");
    Caller developer = new Caller(console.base(), null, cookie.substring(0, cookie.indexOf(';')),
        first.json().getString("csrfToken"));
    assertThat(developer.get("/api/v1/me").json().getString("name")).isEqualTo("developer");
    assertThat(developer.get("/api/v1/audit").status()).isEqualTo(200);

    Caller.Response again = browser.post("/auth/dev-login", new JsonObject().put("code", code));
    assertThat(again.status()).as("a code works once").isEqualTo(401);
    Caller.Response form = browser.send("POST", "/auth/dev-login", "code=" + code,
        Map.of("Content-Type", "application/x-www-form-urlencoded"));
    assertThat(form.status()).isEqualTo(401);
    assertThat(form.header("Content-Type")).startsWith("text/html");
  }
}
