package dev.kubicle.operator.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubicle.operator.store.AuditEntry;
import dev.kubicle.operator.store.AuditQuery;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack: a client writes its own X-Forwarded-For entry in front of the one the proxy appends, to be audited (and
 * rate limited) as someone else. On main before issue 13 the console took the left-most entry, so the forged
 * "198.51.100.66" became the audited source address and every forged entry got a fresh rate-limit bucket; these
 * tests failed there.
 */
class ForwardedForSpoofingTest {
  private static final String FORGED = "198.51.100.66";
  /** What the one trusted proxy appends: the address it received the request from. */
  private static final String SEEN_BY_PROXY = "203.0.113.7";

  @TempDir
  Path dir;

  @Test
  void aForgedLeftMostEntryIsNotTheAuditedSourceBehindOneTrustedProxy() {
    try (ConsoleHarness console = ConsoleHarness.start(dir, c -> c.withTrustedProxyHops(1), null)) {
      Caller mallory = console.member("mallory");

      Caller.Response created = mallory.send("POST", "/api/v1/tokens", new JsonObject().put("name", "ci").encode(),
          Map.of("Content-Type", "application/json", "X-Forwarded-For", FORGED + ", " + SEEN_BY_PROXY));

      assertThat(created.status()).as(created.body()).isEqualTo(201);
      assertThat(awaitAudit(console, "mallory")).extracting(AuditEntry::sourceAddress)
          .containsExactly(SEEN_BY_PROXY);
    }
  }

  @Test
  void withoutConfiguredProxiesTheHeaderIsIgnoredAndThePeerIsAudited() {
    try (ConsoleHarness console = ConsoleHarness.start(dir)) {
      Caller mallory = console.member("mallory");

      Caller.Response created = mallory.send("POST", "/api/v1/tokens", new JsonObject().put("name", "ci").encode(),
          Map.of("Content-Type", "application/json", "X-Forwarded-For", FORGED));

      assertThat(created.status()).as(created.body()).isEqualTo(201);
      assertThat(awaitAudit(console, "mallory")).extracting(AuditEntry::sourceAddress).containsExactly("127.0.0.1");
    }
  }

  @Test
  void forgingAFreshLeftMostEntryPerRequestDoesNotEscapeTheAddressRateLimit() {
    try (ConsoleHarness console = ConsoleHarness.start(dir, c -> c.withTrustedProxyHops(1).withRateLimits(600, 3),
        null)) {
      Caller anonymous = console.anonymous();
      int refused = 0;
      for (int i = 0; i < 6; i++) {
        Caller.Response response = anonymous.send("GET", "/api/v1/me", null,
            Map.of("X-Forwarded-For", "192.0.2." + i + ", " + SEEN_BY_PROXY));
        if (response.status() == 429) {
          refused++;
        }
      }
      assertThat(refused).as("requests past the burst of 3 from the one address the proxy saw").isGreaterThanOrEqualTo(2);
    }
  }

  private static List<AuditEntry> awaitAudit(ConsoleHarness console, String actor) {
    AuditQuery query = new AuditQuery(actor, "token.create", null, null, null, 0, 50);
    await().atMost(Duration.ofSeconds(10)).until(() -> !console.store().audit().query(query).isEmpty());
    return console.store().audit().query(query);
  }
}
