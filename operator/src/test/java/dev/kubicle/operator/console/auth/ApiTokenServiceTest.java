package dev.kubicle.operator.console.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubicle.operator.store.ApiTokenRecord;
import dev.kubicle.operator.store.ApiTokens;
import dev.kubicle.operator.store.jdbc.JdbcStore;
import dev.kubicle.operator.support.ManualClock;
import dev.kubicle.operator.support.TempStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** API token checks answered from memory: what is remembered, for how long, and what makes it forget at once. */
class ApiTokenServiceTest {
  private static final Instant START = Instant.parse("2026-11-30T10:00:00Z");

  private final JdbcStore store = TempStore.open();
  private final ManualClock clock = new ManualClock(START);
  private final ApiTokenService service = new ApiTokenService(store.apiTokens(), clock, Duration.ofDays(1));
  private final String userKey = store.users().login("https://idp.test", "sub-ann", "ann", null, START).key();

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void aVerifiedTokenIsAnsweredFromMemoryUntilTheEntryIsStaleThenTheStoreDecidesAgain() throws Exception {
    ApiTokenService.Created created = service.create(userKey, "ann", "ci", null);
    assertThat(service.verifyCached(created.token())).as("never read yet: ask the store").isNull();
    assertThat(service.verify(created.token()).userName()).isEqualTo("ann");
    assertThat(service.verifyCached(created.token()).userName()).isEqualTo("ann");

    // Revoked behind the service's back (the sqlite3 shell, say): remembered until the entry is stale.
    store.apiTokens().revoke(userKey, created.record().id(), clock.instant());
    assertThat(service.verifyCached(created.token())).isNotNull();
    clock.advance(ApiTokenService.CACHE_TTL);
    assertThat(service.verifyCached(created.token())).isNull();
    assertThatThrownBy(() -> service.verify(created.token())).isInstanceOf(ApiTokenService.Refused.class)
        .hasMessageContaining("revoked");
  }

  @Test
  void revokingThroughTheServiceRefusesARememberedTokenAtOnce() throws Exception {
    ApiTokenService.Created created = service.create(userKey, "ann", "ci", null);
    service.verify(created.token());
    assertThat(service.verifyCached(created.token())).isNotNull();

    assertThat(service.revoke(userKey, created.record().id())).isTrue();

    assertThat(service.verifyCached(created.token())).isNull();
    assertThatThrownBy(() -> service.verify(created.token())).isInstanceOf(ApiTokenService.Refused.class)
        .hasMessageContaining("revoked");
    assertThatThrownBy(() -> service.verifyCached(created.token())).as("now refused from memory too")
        .isInstanceOf(ApiTokenService.Refused.class).hasMessageContaining("revoked");
  }

  @Test
  void aRememberedTokenIsRefusedTheMomentItExpires() throws Exception {
    ApiTokenService.Created created = service.create(userKey, "ann", "ci", Duration.ofSeconds(5));
    service.verify(created.token());

    clock.advance(Duration.ofSeconds(5));

    assertThatThrownBy(() -> service.verifyCached(created.token())).isInstanceOf(ApiTokenService.Refused.class)
        .hasMessageContaining("expired");
  }

  @Test
  void aWrongSecretForARememberedTokenIsRefused() throws Exception {
    ApiTokenService.Created created = service.create(userKey, "ann", "ci", null);
    service.verify(created.token());
    String forged = "kbt_" + created.record().id() + "_" + Secrets.random(32);

    assertThatThrownBy(() -> service.verifyCached(forged)).isInstanceOf(ApiTokenService.Refused.class)
        .hasMessageContaining("not valid");
    assertThatThrownBy(() -> service.verify(forged)).isInstanceOf(ApiTokenService.Refused.class)
        .hasMessageContaining("not valid");
    assertThatThrownBy(() -> service.verifyCached("kbt_nonsense")).isInstanceOf(ApiTokenService.Refused.class)
        .hasMessageContaining("kbt_<id>_<secret>");
  }

  @Test
  void useIsStillRecordedAtMostOnceAMinute() throws Exception {
    ApiTokenService.Created created = service.create(userKey, "ann", "ci", null);
    String id = created.record().id();
    service.verify(created.token());
    assertThat(store.apiTokens().byId(id).orElseThrow().lastUsedAt()).isEqualTo(START);

    clock.advance(Duration.ofSeconds(30));
    assertThat(service.verifyCached(created.token())).as("stale entry").isNull();
    service.verify(created.token());
    assertThat(store.apiTokens().byId(id).orElseThrow().lastUsedAt()).isEqualTo(START);

    clock.advance(Duration.ofSeconds(31));
    assertThat(service.verifyCached(created.token())).as("a use is due to be recorded").isNull();
    service.verify(created.token());
    assertThat(store.apiTokens().byId(id).orElseThrow().lastUsedAt()).isEqualTo(START.plusSeconds(61));
  }

  @Test
  void aStoreReadThatRacesARevocationIsNotRemembered() throws Exception {
    PausingApiTokens paused = new PausingApiTokens(store.apiTokens());
    ApiTokenService racing = new ApiTokenService(paused, clock, Duration.ofDays(1));
    ApiTokenService.Created created = racing.create(userKey, "ann", "ci", null);

    CompletableFuture<ApiTokenRecord> inFlight = CompletableFuture.supplyAsync(() -> {
      try {
        return racing.verify(created.token());
      } catch (ApiTokenService.Refused e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(paused.read.await(10, TimeUnit.SECONDS)).as("the store was read").isTrue();
    assertThat(racing.revoke(userKey, created.record().id())).isTrue();
    paused.release.countDown();

    // The request already in flight when the token was revoked goes through, as it always did ...
    assertThat(inFlight.get(10, TimeUnit.SECONDS).userName()).isEqualTo("ann");
    // ... but what it read before the revocation must not be remembered.
    assertThat(racing.verifyCached(created.token())).isNull();
    assertThatThrownBy(() -> racing.verify(created.token())).isInstanceOf(ApiTokenService.Refused.class)
        .hasMessageContaining("revoked");
  }

  /** Test double: the real store, with the first lookup held after it has read, so a revocation can pass it. */
  private static final class PausingApiTokens implements ApiTokens {
    final CountDownLatch read = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final ApiTokens real;

    PausingApiTokens(ApiTokens real) {
      this.real = real;
    }

    @Override
    public Optional<ApiTokenRecord> byId(String id) {
      Optional<ApiTokenRecord> found = real.byId(id);
      if (read.getCount() > 0) {
        read.countDown();
        try {
          if (!release.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("never released");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      return found;
    }

    @Override
    public void insert(ApiTokenRecord token) {
      real.insert(token);
    }

    @Override
    public List<ApiTokenRecord> forUser(String userKey) {
      return real.forUser(userKey);
    }

    @Override
    public boolean revoke(String userKey, String id, Instant at) {
      return real.revoke(userKey, id, at);
    }

    @Override
    public void touch(String id, Instant at) {
      real.touch(id, at);
    }
  }
}
