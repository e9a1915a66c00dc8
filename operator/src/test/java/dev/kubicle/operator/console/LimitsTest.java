package dev.kubicle.operator.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-user and per-address rate limits (429 with Retry-After) and the request body limit (413). */
class LimitsTest {
  @TempDir
  static Path dir;
  static ConsoleHarness console;

  @BeforeAll
  static void start() {
    console = ConsoleHarness.start(dir, c -> c.withRateLimits(5, 3).withMaxBodyBytes(2048), null);
  }

  @AfterAll
  static void stop() {
    console.close();
  }

  @Test
  void aUserOverTheLimitGets429WithRetryAfterWhileAnotherUserIsUnaffected() {
    Caller greedy = console.member("greedy");
    int ok = 0;
    Caller.Response refused = null;
    for (int i = 0; i < 20 && refused == null; i++) {
      Caller.Response response = greedy.get("/api/v1/me");
      if (response.status() == 429) {
        refused = response;
      } else {
        ok++;
      }
    }
    assertThat(ok).isBetween(5, 6); // the bucket may refill by one while the loop runs
    assertThat(refused).isNotNull();
    assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
    assertThat(refused.errorCode()).isEqualTo("rate_limited");
    assertThat(console.member("patient").get("/api/v1/me").status()).isEqualTo(200);
  }

  @Test
  void requestsWithoutAUserAreLimitedPerAddressIncludingFailedTokens() {
    Caller forger = new Caller(console.base(), "Bearer kbt_000000000000000000000000_"
        + "A".repeat(43), null, null);
    int seen401 = 0;
    Caller.Response refused = null;
    for (int i = 0; i < 20 && refused == null; i++) {
      Caller.Response response = forger.get("/api/v1/me");
      if (response.status() == 429) {
        refused = response;
      } else {
        assertThat(response.status()).isEqualTo(401);
        seen401++;
      }
    }
    assertThat(seen401).isBetween(1, 4);
    assertThat(refused).isNotNull();
    assertThat(refused.header("Retry-After")).isNotNull();
  }

  @Test
  void aBodyOverTheLimitIsRefusedWith413() {
    Caller big = console.member("big");
    Caller.Response response = big.post("/api/v1/tokens", new JsonObject().put("name", "x".repeat(4096)));
    assertThat(response.status()).isEqualTo(413);
    assertThat(response.errorCode()).isEqualTo("too_large");
    assertThat(response.errorMessage()).contains("2048");
  }
}
