package dev.kubicle.operator.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubicle.operator.store.ApiTokenRecord;
import dev.kubicle.operator.store.AuditEntry;
import dev.kubicle.operator.store.AuditQuery;
import dev.kubicle.operator.store.LogLine;
import dev.kubicle.operator.store.LogText;
import dev.kubicle.operator.store.SessionRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every store must do, whatever its database (logs, retention, migrations; records in
 * {@link StoreRecordsContract}): subclasses run these same tests against SQLite and against a real PostgreSQL server.
 */
abstract class StoreContract {
  static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
  private final List<JdbcStore> opened = new ArrayList<>();

  /** Settings for a new, empty database. */
  abstract StoreSettings freshDatabase(int retentionDays);

  JdbcStore open(StoreSettings settings) {
    JdbcStore store = JdbcStore.open(settings);
    opened.add(store);
    return store;
  }

  JdbcStore store() {
    return open(freshDatabase(30));
  }

  @AfterEach
  void closeStores() {
    opened.forEach(JdbcStore::close);
  }

  @Test
  void buildLogLinesReadBackInPagesAfterASeq() {
    JdbcStore store = store();
    assertThat(store.buildLogs().append("uid-1", 1, T0, List.of("a", "b", "c"))).isEqualTo(3);
    assertThat(store.buildLogs().append("uid-1", 1, T0.plusSeconds(1), List.of("d", "e"))).isEqualTo(5);
    store.buildLogs().append("uid-1", 2, T0, List.of("other build"));

    List<LogLine> first = store.buildLogs().read("uid-1", 1, 0, 2);
    List<LogLine> rest = store.buildLogs().read("uid-1", 1, first.get(first.size() - 1).seq(), 100);

    assertThat(first).extracting(LogLine::seq, LogLine::text)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, "a"), org.assertj.core.groups.Tuple.tuple(2L, "b"));
    assertThat(rest).extracting(LogLine::text).containsExactly("c", "d", "e");
    assertThat(rest).extracting(LogLine::seq).containsExactly(3L, 4L, 5L);
    assertThat(rest.get(2).at()).isEqualTo(T0.plusSeconds(1));
    assertThat(rest.get(0).source()).isEqualTo("build");
    assertThat(store.buildLogs().read("uid-1", 1, 5, 100)).isEmpty();
    assertThat(store.buildLogs().read("uid-1", 2, 0, 100)).extracting(LogLine::seq).containsExactly(1L);
    assertThat(store.buildLogs().lastSeq("uid-1", 1)).isEqualTo(5);
    assertThat(store.buildLogs().lastSeq("uid-1", 3)).isZero();
    assertThat(store.buildLogs().append("uid-1", 1, T0, List.of())).isEqualTo(5);
  }

  @Test
  void logUsageCountsLinesAndUtf8BytesPerBuildAndPerWorkspace() {
    JdbcStore store = store();
    store.buildLogs().append("uid-1", 1, T0, List.of("abc", "é€"));
    store.buildLogs().append("uid-1", 2, T0, List.of("other build"));
    store.agentLogs().append("uid-1", "agent", T0, List.of("12345"));
    store.agentLogs().append("uid-1", "startup_script", T0, List.of("678"));

    assertThat(store.buildLogs().usage("uid-1", 1)).isEqualTo(new dev.kubicle.operator.store.LogUsage(2, 3 + 5));
    assertThat(store.buildLogs().usage("uid-1", 3)).isEqualTo(dev.kubicle.operator.store.LogUsage.NONE);
    assertThat(store.agentLogs().usage("uid-1")).isEqualTo(new dev.kubicle.operator.store.LogUsage(2, 8));
  }

  @Test
  void makingRoomForAuditDeletesOnlyOnAFullStoreAndOnlyLogLines() {
    JdbcStore store = store();
    store.agentLogs().append("uid-1", "agent", T0, List.of("old", "older"));
    store.buildLogs().append("uid-1", 1, T0, List.of("build line"));
    store.audit().record(new dev.kubicle.operator.store.AuditEntry(0, T0, "alice", "k", "workspace.stop", null, null,
        null, null, "ok", null));

    assertThat(store.makeRoomForAudit(new dev.kubicle.operator.store.StoreException("connection refused")))
        .as("not a full store: nothing to make room for").isZero();
    java.sql.SQLException full = new java.sql.SQLException("[SQLITE_FULL] database or disk is full", "53100", 13);
    assertThat(store.makeRoomForAudit(new dev.kubicle.operator.store.StoreException("full", full))).isEqualTo(3);
    assertThat(store.agentLogs().read("uid-1", 0, 10)).isEmpty();
    assertThat(store.buildLogs().read("uid-1", 1, 0, 10)).isEmpty();
    assertThat(store.audit().query(dev.kubicle.operator.store.AuditQuery.latest(10))).hasSize(1);
  }

  @Test
  void agentLogLinesKeepTheirSourceAndOneSeqAcrossSources() {
    JdbcStore store = store();
    store.agentLogs().append("uid-1", "startup_script", T0, List.of("installing", "done"));
    store.agentLogs().append("uid-1", "agent", T0.plusMillis(5), List.of("connected"));
    store.buildLogs().append("uid-1", 1, T0, List.of("a build line is another log"));

    List<LogLine> lines = store.agentLogs().read("uid-1", 1, 100);

    assertThat(lines).extracting(LogLine::seq).containsExactly(2L, 3L);
    assertThat(lines).extracting(LogLine::source).containsExactly("startup_script", "agent");
    assertThat(lines.get(1).at()).isEqualTo(T0.plusMillis(5));
    assertThat(store.agentLogs().lastSeq("uid-1")).isEqualTo(3);
    assertThat(store.agentLogs().read("uid-2", 0, 100)).isEmpty();
  }

  @Test
  void concurrentAppendsGetUniqueOrderedSeqsAndALiveReaderSkipsNone() throws Exception {
    JdbcStore store = store();
    int writers = 6;
    int appends = 40;
    int perAppend = 3;
    int total = writers * appends * perAppend;
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    try {
      CountDownLatch go = new CountDownLatch(1);
      Future<List<LogLine>> reader = pool.submit(() -> {
        List<LogLine> seen = new ArrayList<>();
        go.await();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120); // a bound, not an assertion
        while (seen.size() < total && System.nanoTime() < deadline) {
          long after = seen.isEmpty() ? 0 : seen.get(seen.size() - 1).seq();
          seen.addAll(store.buildLogs().read("uid-c", 1, after, 50));
        }
        return seen;
      });
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(pool.submit(() -> {
          go.await();
          for (int a = 0; a < appends; a++) {
            int append = a;
            store.buildLogs().append("uid-c", 1, T0, IntStream.range(0, perAppend)
                .mapToObj(i -> writer + ":" + append + ":" + i).toList());
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
      List<LogLine> live = reader.get(150, TimeUnit.SECONDS);
      List<LogLine> all = store.buildLogs().read("uid-c", 1, 0, total + 10);

      assertThat(all).extracting(LogLine::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed()
          .toList());
      assertThat(live).as("a reader following by seq sees every line exactly once")
          .extracting(LogLine::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
      for (int i = 0; i < total; i += perAppend) {
        // The lines of one append stay together and in order.
        String[] head = all.get(i).text().split(":");
        for (int k = 0; k < perAppend; k++) {
          assertThat(all.get(i + k).text()).isEqualTo(head[0] + ":" + head[1] + ":" + k);
        }
      }
      for (int w = 0; w < writers; w++) {
        String prefix = w + ":";
        List<Integer> order = all.stream().map(LogLine::text).filter(t -> t.startsWith(prefix))
            .map(t -> Integer.parseInt(t.split(":")[1])).distinct().toList();
        assertThat(order).as("writer %d's appends in its own order", w).isSorted().hasSize(appends);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void linesLongerThan16KiBAreCutWithAMarkerAndNulIsReplaced() {
    JdbcStore store = store();
    String longLine = "é".repeat(20_000); // 40,000 bytes of UTF-8

    store.buildLogs().append("uid-1", 1, T0, List.of(longLine, "nul\0here"));
    List<LogLine> lines = store.buildLogs().read("uid-1", 1, 0, 10);

    assertThat(lines.get(0).text()).endsWith(LogText.CUT_MARKER).startsWith("éé");
    assertThat(lines.get(0).text().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(16 * 1024);
    assertThat(lines.get(0).text()).doesNotContain("\uFFFD");
    assertThat(lines.get(1).text()).isEqualTo("nul\uFFFDhere");
  }

  @Test
  void readsAreBoundedWhateverTheCallerAsks() {
    JdbcStore store = store();
    store.buildLogs().append("uid-1", 1, T0, IntStream.range(0, JdbcBuildLogs.MAX_PAGE + 20)
        .mapToObj(Integer::toString).toList());

    assertThat(store.buildLogs().read("uid-1", 1, 0, Integer.MAX_VALUE)).hasSize(JdbcBuildLogs.MAX_PAGE);
    assertThat(store.buildLogs().read("uid-1", 1, 0, -5)).hasSize(1);
  }

  @Test
  void deletingAWorkspaceDeletesItsLogsOnly() {
    JdbcStore store = store();
    store.buildLogs().append("gone", 1, T0, List.of("a", "b"));
    store.agentLogs().append("gone", "agent", T0, List.of("c"));
    store.buildLogs().append("kept", 1, T0, List.of("d"));
    store.agentLogs().append("kept", "agent", T0, List.of("e"));

    store.buildLogs().deleteWorkspace("gone");
    store.agentLogs().deleteWorkspace("gone");

    assertThat(store.buildLogs().read("gone", 1, 0, 10)).isEmpty();
    assertThat(store.agentLogs().read("gone", 0, 10)).isEmpty();
    assertThat(store.buildLogs().read("kept", 1, 0, 10)).hasSize(1);
    assertThat(store.agentLogs().read("kept", 0, 10)).hasSize(1);
    assertThat(store.buildLogs().lastSeq("gone", 1)).isZero();
  }

  @Test
  void retentionDeletesOldLogsAuditExpiredSessionsAndTokens() {
    JdbcStore store = open(freshDatabase(30));
    Instant now = T0.plus(Duration.ofDays(100));
    Instant old = now.minus(Duration.ofDays(31));
    Instant recent = now.minus(Duration.ofDays(1));
    store.buildLogs().append("ws", 1, old, List.of("old build"));
    store.buildLogs().append("ws", 2, old, List.of("long build, started long ago"));
    store.buildLogs().append("ws", 2, recent, List.of("and still logging"));
    store.agentLogs().append("ws", "agent", old, List.of("old agent line"));
    store.agentLogs().append("ws", "agent", recent, List.of("recent agent line"));
    store.audit().record(new AuditEntry(0, old, "alice", null, "workspace.stop", null, null, null, null, "ok", null));
    store.audit().record(new AuditEntry(0, recent, "alice", null, "workspace.start", null, null, null, null, "ok",
        null));
    store.sessions().insert(new SessionRecord(new byte[] {1}, "k", "alice", false, "c", old, now.minusSeconds(1)));
    store.sessions().insert(new SessionRecord(new byte[] {2}, "k", "alice", false, "c", recent, now.plusSeconds(60)));
    store.apiTokens().insert(new ApiTokenRecord("expired", "k", "alice", "n", new byte[] {1}, old, now.minusSeconds(1),
        null, null));
    store.apiTokens().insert(new ApiTokenRecord("revoked-long-ago", "k", "alice", "n", new byte[] {1}, old,
        now.plus(Duration.ofDays(300)), null, old));
    store.apiTokens().insert(new ApiTokenRecord("revoked-lately", "k", "alice", "n", new byte[] {1}, old,
        now.plus(Duration.ofDays(300)), null, recent));
    store.apiTokens().insert(new ApiTokenRecord("valid", "k", "alice", "n", new byte[] {1}, old,
        now.plus(Duration.ofDays(300)), null, null));

    long gone = store.applyRetention(now);

    assertThat(gone).isEqualTo(1 + 1 + 1 + 1 + 1 + 1);
    assertThat(store.buildLogs().read("ws", 1, 0, 10)).isEmpty();
    assertThat(store.buildLogs().read("ws", 2, 0, 10)).as("a build log goes whole or not at all").hasSize(2);
    assertThat(store.agentLogs().read("ws", 0, 10)).extracting(LogLine::text).containsExactly("recent agent line");
    assertThat(store.agentLogs().append("ws", "agent", now, List.of("next"))).as("seq keeps growing").isEqualTo(3);
    assertThat(store.audit().query(AuditQuery.latest(10))).extracting(AuditEntry::action)
        .containsExactly("workspace.start");
    assertThat(store.sessions().byIdHash(new byte[] {1})).isEmpty();
    assertThat(store.sessions().byIdHash(new byte[] {2})).isPresent();
    assertThat(store.apiTokens().forUser("k")).extracting(ApiTokenRecord::id)
        .containsExactlyInAnyOrder("revoked-lately", "valid");
    assertThat(store.applyRetention(now)).as("a second run finds nothing").isZero();
  }

  @Test
  void retentionOfZeroDaysKeepsLogsAndAuditButNotExpiredSessions() {
    JdbcStore store = open(freshDatabase(0));
    Instant now = T0.plus(Duration.ofDays(1000));
    store.buildLogs().append("ws", 1, T0, List.of("ancient"));
    store.audit().record(new AuditEntry(0, T0, "alice", null, "workspace.stop", null, null, null, null, "ok", null));
    store.sessions().insert(new SessionRecord(new byte[] {1}, "k", "alice", false, "c", T0, T0.plusSeconds(1)));

    store.applyRetention(now);

    assertThat(store.buildLogs().read("ws", 1, 0, 10)).hasSize(1);
    assertThat(store.audit().query(AuditQuery.latest(10))).hasSize(1);
    assertThat(store.sessions().byIdHash(new byte[] {1})).isEmpty();
  }

  @Test
  void reopeningAnExistingStoreKeepsItsDataAndAppliesNoMigrationTwice() {
    StoreSettings settings = freshDatabase(30);
    JdbcStore first = JdbcStore.open(settings);
    first.buildLogs().append("ws", 1, T0, List.of("survives a restart"));
    Map<Integer, String> versions = first.schemaVersions();
    first.close();

    JdbcStore second = open(settings);

    assertThat(second.schemaVersions()).isEqualTo(versions).containsOnlyKeys(1, 2);
    assertThat(second.buildLogs().read("ws", 1, 0, 10)).extracting(LogLine::text).containsExactly("survives a restart");
    assertThat(second.buildLogs().append("ws", 1, T0, List.of("next"))).isEqualTo(2);
  }

  @Test
  void migrationsApplyOnlyWhatIsNewAndRefuseAnEditedOrNewerSchema() throws Exception {
    StoreSettings settings = freshDatabase(30);
    String folder = "store/test-migrations";
    Migration v1 = new Migration(1, "first");
    Migration v2 = new Migration(2, "second");
    try (Database db = Database.open(settings)) {
      assertThat(new Migrations(db, folder, List.of(v1)).run()).isEqualTo(1);
      assertThat(new Migrations(db, folder, List.of(v1)).run()).isZero();
      assertThat(new Migrations(db, folder, List.of(v1, v2)).run()).as("only V2 is new").isEqualTo(1);
      assertThat(new Migrations(db, folder, List.of(v1, v2)).run()).isZero();
      int rows = db.read("count", c -> {
        try (var s = c.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM first_table")) {
          rs.next();
          return rs.getInt(1);
        }
      });
      assertThat(rows).as("V1's insert ran once").isEqualTo(1);

      assertThatThrownBy(() -> new Migrations(db, folder, List.of(v1)).run())
          .isInstanceOf(SchemaException.class).hasMessageContaining("newer than this operator knows (1)");

      db.write("tamper", c -> c.createStatement().executeUpdate(
          "UPDATE schema_version SET checksum = 'edited0000000000' WHERE version = 1"));
      assertThatThrownBy(() -> new Migrations(db, folder, List.of(v1, v2)).run())
          .isInstanceOf(SchemaException.class).hasMessageContaining("V1 (first) changed after it was applied");
    }
  }
}
