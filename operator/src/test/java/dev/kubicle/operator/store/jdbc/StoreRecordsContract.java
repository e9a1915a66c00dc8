package dev.kubicle.operator.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubicle.operator.store.ApiTokenRecord;
import dev.kubicle.operator.store.AuditEntry;
import dev.kubicle.operator.store.AuditQuery;
import dev.kubicle.operator.store.NameTakenException;
import dev.kubicle.operator.store.SessionRecord;
import dev.kubicle.operator.store.UserRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The store's records (audit, users, API tokens, sessions), on every database the subclasses run it on. */
abstract class StoreRecordsContract extends StoreContract {

  @Test
  void auditQueriesFilterAndPageNewestFirst() {
    JdbcStore store = store();
    List<AuditEntry> recorded = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      recorded.add(store.audit().record(new AuditEntry(0, T0.plusSeconds(i), i % 2 == 0 ? "alice" : "bob",
          "iss|" + i, i < 5 ? "workspace.stop" : "workspace.delete", "Workspace", "team-a", "ws-" + (i % 3),
          "10.0.0." + i, "ok", "detail " + i)));
    }
    assertThat(recorded).extracting(AuditEntry::id).doesNotHaveDuplicates().isSorted();
    assertThat(recorded.get(0).id()).isPositive();

    List<AuditEntry> page1 = store.audit().query(AuditQuery.latest(3));
    List<AuditEntry> page2 = store.audit().query(new AuditQuery(null, null, null, null, null,
        page1.get(2).id(), 3));
    List<AuditEntry> page3 = store.audit().query(new AuditQuery(null, null, null, null, null,
        page2.get(2).id(), 3));
    assertThat(page1).extracting(AuditEntry::detail).containsExactly("detail 6", "detail 5", "detail 4");
    assertThat(page2).extracting(AuditEntry::detail).containsExactly("detail 3", "detail 2", "detail 1");
    assertThat(page3).extracting(AuditEntry::detail).containsExactly("detail 0");

    assertThat(store.audit().query(new AuditQuery("alice", null, null, null, null, 0, 50)))
        .extracting(AuditEntry::detail).containsExactly("detail 6", "detail 4", "detail 2", "detail 0");
    assertThat(store.audit().query(new AuditQuery(null, "workspace.delete", null, null, null, 0, 50)))
        .extracting(AuditEntry::detail).containsExactly("detail 6", "detail 5");
    assertThat(store.audit().query(new AuditQuery(null, null, "team-a", "ws-1", null, 0, 50)))
        .extracting(AuditEntry::detail).containsExactly("detail 4", "detail 1");
    assertThat(store.audit().query(new AuditQuery("bob", "workspace.stop", null, null, T0.plusSeconds(3), 0, 50)))
        .extracting(AuditEntry::detail).containsExactly("detail 3");
    assertThat(store.audit().query(new AuditQuery(null, null, "team-b", null, null, 0, 50))).isEmpty();
    AuditEntry read = page1.get(0);
    assertThat(read).isEqualTo(recorded.get(6));
    assertThat(read.sourceAddress()).isEqualTo("10.0.0.6");
    assertThat(read.at()).isEqualTo(T0.plusSeconds(6));
  }

  @Test
  void anAuditEntryWithoutAnActionIsRefusedWithTheFieldNamed() {
    JdbcStore store = store();

    assertThatThrownBy(() -> store.audit().record(new AuditEntry(0, T0, "alice", null, " ", null, null, null,
        null, "ok", null))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("action");
  }

  @Test
  void aNameStaysBoundToTheFirstIdentityThatTookIt() {
    JdbcStore store = store();
    UserRecord first = store.users().login("https://idp", "sub-1", "alice", "a@example.com", T0);
    UserRecord again = store.users().login("https://idp", "sub-1", "alice-renamed", "new@example.com",
        T0.plusSeconds(60));

    assertThat(first.key()).isEqualTo("https://idp|sub-1");
    assertThat(again.name()).as("a known identity keeps its name").isEqualTo("alice");
    assertThat(again.email()).isEqualTo("new@example.com");
    assertThat(again.firstSeen()).isEqualTo(T0);
    assertThat(again.lastSeen()).isEqualTo(T0.plusSeconds(60));
    assertThat(store.users().byKey("https://idp|sub-1")).contains(again);
    assertThat(store.users().byName("alice")).contains(again);
    assertThatThrownBy(() -> store.users().login("https://other-idp", "sub-1", "alice", "a@example.com", T0))
        .isInstanceOf(NameTakenException.class).hasMessageContaining("'alice'");
    assertThatThrownBy(() -> store.users().login("https://idp", "sub-2", "alice", "a@example.com", T0))
        .isInstanceOf(NameTakenException.class);
    assertThat(store.users().byName("nobody")).isEmpty();
  }

  @Test
  void twoIdentitiesRacingForOneNameGetItOnceAndTheOtherIsTold() throws Exception {
    JdbcStore store = store();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String subject = "sub-" + i;
        results.add(pool.submit(() -> {
          go.await();
          try {
            return store.users().login("https://idp", subject, "carol", null, T0).subject();
          } catch (NameTakenException e) {
            return "taken";
          }
        }));
      }
      go.countDown();
      List<String> outcomes = new ArrayList<>();
      for (Future<String> f : results) {
        outcomes.add(f.get(60, TimeUnit.SECONDS));
      }

      assertThat(outcomes.stream().filter(o -> !o.equals("taken"))).hasSize(1);
      assertThat(store.users().byName("carol").orElseThrow().subject()).isIn(outcomes);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void apiTokensAreStoredByHashListedRevokedAndTouched() {
    JdbcStore store = store();
    byte[] hash = new byte[] {1, 2, 3, (byte) 0xff};
    store.apiTokens().insert(new ApiTokenRecord("tok-1", "iss|alice", "alice", "ci", hash, T0,
        T0.plus(Duration.ofDays(30)), null, null));
    store.apiTokens().insert(new ApiTokenRecord("tok-2", "iss|alice", "alice", "laptop", new byte[] {9}, T0
        .plusSeconds(1), T0.plus(Duration.ofDays(30)), null, null));
    store.apiTokens().insert(new ApiTokenRecord("tok-3", "iss|bob", "bob", "bob's", new byte[] {7}, T0,
        T0.plus(Duration.ofDays(30)), null, null));

    ApiTokenRecord read = store.apiTokens().byId("tok-1").orElseThrow();
    assertThat(read.secretHash()).containsExactly(1, 2, 3, 0xff);
    assertThat(read.userName()).isEqualTo("alice");
    assertThat(read.expiresAt()).isEqualTo(T0.plus(Duration.ofDays(30)));
    assertThat(read.lastUsedAt()).isNull();
    assertThat(read.revokedAt()).isNull();
    assertThat(store.apiTokens().forUser("iss|alice")).extracting(ApiTokenRecord::id).containsExactly("tok-2", "tok-1");
    assertThat(store.apiTokens().byId("tok-404")).isEmpty();

    assertThat(store.apiTokens().revoke("iss|bob", "tok-1", T0)).as("bob cannot revoke alice's token").isFalse();
    assertThat(store.apiTokens().byId("tok-1").orElseThrow().revokedAt()).isNull();
    assertThat(store.apiTokens().revoke("iss|alice", "tok-1", T0.plusSeconds(5))).isTrue();
    assertThat(store.apiTokens().revoke("iss|alice", "tok-1", T0.plusSeconds(9))).as("already revoked").isTrue();
    assertThat(store.apiTokens().byId("tok-1").orElseThrow().revokedAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(store.apiTokens().revoke("iss|alice", "tok-404", T0)).isFalse();

    store.apiTokens().touch("tok-2", T0.plusSeconds(100));
    store.apiTokens().touch("tok-2", T0.plusSeconds(130)); // within a minute: not written
    assertThat(store.apiTokens().byId("tok-2").orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(100));
    store.apiTokens().touch("tok-2", T0.plusSeconds(161));
    assertThat(store.apiTokens().byId("tok-2").orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(161));
  }

  @Test
  void sessionsAreFoundByTheHashOfTheirIdAndDeleted() {
    JdbcStore store = store();
    byte[] id = "hash-of-cookie".getBytes(StandardCharsets.UTF_8);
    store.sessions().insert(new SessionRecord(id, "iss|alice", "alice", true, "csrf-1", T0, T0.plusSeconds(3600)));

    SessionRecord read = store.sessions().byIdHash("hash-of-cookie".getBytes(StandardCharsets.UTF_8)).orElseThrow();
    assertThat(read.userKey()).isEqualTo("iss|alice");
    assertThat(read.admin()).isTrue();
    assertThat(read.csrfToken()).isEqualTo("csrf-1");
    assertThat(read.expiresAt()).isEqualTo(T0.plusSeconds(3600));
    assertThat(store.sessions().byIdHash(new byte[] {1})).isEmpty();

    store.sessions().delete(id);
    assertThat(store.sessions().byIdHash(id)).isEmpty();
  }
}
