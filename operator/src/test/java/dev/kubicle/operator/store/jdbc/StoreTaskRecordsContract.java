package dev.kubicle.operator.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubicle.operator.store.LogLine;
import dev.kubicle.operator.store.ModelCallEntry;
import dev.kubicle.operator.store.MonthlyUsage;
import dev.kubicle.operator.store.StoreException;
import dev.kubicle.operator.store.TaskRecord;
import dev.kubicle.operator.store.TaskRef;
import dev.kubicle.operator.store.ToolCallEntry;
import dev.kubicle.operator.store.TranscriptEntry;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** AgentTask records (transcripts, model and tool calls, monthly usage), on every database the subclasses run. */
abstract class StoreTaskRecordsContract extends StoreRecordsContract {
  static final long NO_CAP = Long.MAX_VALUE;
  static final TaskRef TASK = new TaskRef("team-a", "fix-tests", "uid-task-1", "alice", "dev");

  static TranscriptEntry entry(int seq, String body) {
    return TranscriptEntry.whole(seq, T0.plusSeconds(seq), seq % 2 == 1 ? "user" : "assistant", body,
        body.length());
  }

  static ModelCallEntry call(Instant at, String model, long input, long output, long cacheRead, long cacheWrite,
      Long cost) {
    return new ModelCallEntry(at, 1, "anthropic", "anthropic", model, "ok", "end_turn", input, output, cacheRead,
        cacheWrite, cost, 1, 120, null);
  }

  @Test
  void transcriptEntriesReadBackInOrderAndInPagesAndASeqIsStoredOnce() {
    JdbcStore store = store();
    store.taskRecords().append(TASK, entry(1, "{\"text\":\"prompt \\u0000 with a NUL escape\"}"), NO_CAP);
    store.taskRecords().append(TASK, new TranscriptEntry(2, T0.plusSeconds(2), "assistant", "{\"text\":\"cut…\"}",
        9000, true, true, false), NO_CAP);
    store.taskRecords().append(TASK, entry(3, "{\"results\":[]}"), NO_CAP);
    store.taskRecords().append(new TaskRef("team-a", "other", "uid-task-2", "bob", "dev"), entry(1, "{}"), NO_CAP);

    List<TranscriptEntry> first = store.taskRecords().transcript("uid-task-1", 0, 2);
    List<TranscriptEntry> rest = store.taskRecords().transcript("uid-task-1", 2, 100);

    assertThat(first).extracting(TranscriptEntry::seq).containsExactly(1, 2);
    assertThat(first.get(0).body()).isEqualTo("{\"text\":\"prompt \\u0000 with a NUL escape\"}");
    assertThat(first.get(0).at()).isEqualTo(T0.plusSeconds(1));
    assertThat(first.get(0).role()).isEqualTo("user");
    assertThat(first.get(1)).isEqualTo(new TranscriptEntry(2, T0.plusSeconds(2), "assistant",
        "{\"text\":\"cut…\"}", 9000, true, true, false));
    assertThat(rest).extracting(TranscriptEntry::seq).containsExactly(3);
    assertThat(store.taskRecords().transcript("uid-task-1", 3, 100)).isEmpty();
    assertThat(store.taskRecords().transcript("no-such-task", 0, 100)).isEmpty();
    assertThatThrownBy(() -> store.taskRecords().append(TASK, entry(3, "{\"again\":true}"), NO_CAP))
        .isInstanceOf(StoreException.class);
    assertThat(store.taskRecords().transcript("uid-task-1", 2, 100).get(0).body()).isEqualTo("{\"results\":[]}");
  }

  @Test
  void messagesPastTheTasksCapAreKeptAsOmittedEntriesWithTheirSizeButNoBody() {
    JdbcStore store = store();
    String sixty = "{\"text\":\"" + "x".repeat(49) + "\"}";

    TranscriptEntry kept = store.taskRecords().append(TASK, entry(1, sixty), 100);
    TranscriptEntry omitted = store.taskRecords().append(TASK, entry(2, sixty), 100);
    TranscriptEntry smallAfter = store.taskRecords().append(TASK, entry(3, "{\"t\":1}"), 100);

    assertThat(kept.omitted()).isFalse();
    assertThat(omitted.omitted()).isTrue();
    assertThat(omitted.body()).isNull();
    assertThat(omitted.resumable()).as("a task cannot resume from a message it no longer has").isFalse();
    assertThat(smallAfter.omitted()).as("what still fits is kept").isFalse();
    assertThat(store.taskRecords().transcript(TASK.uid(), 0, 10)).extracting(TranscriptEntry::omitted,
        TranscriptEntry::bytes).containsExactly(org.assertj.core.groups.Tuple.tuple(false, 60L),
        org.assertj.core.groups.Tuple.tuple(true, 60L), org.assertj.core.groups.Tuple.tuple(false, 7L));
  }

  @Test
  void modelAndToolCallsCarryTheTaskAndTheOwnersUserKeyOnceTheOwnerHasSignedIn() {
    JdbcStore store = store();
    store.taskRecords().modelCall(TASK, call(T0, "sonnet", 10, 1, 0, 0, 48L));
    store.users().login("https://idp", "sub-alice", "alice", null, T0);
    store.taskRecords().modelCall(TASK, new ModelCallEntry(T0.plusSeconds(5), 2, "anthropic", "anthropic", "sonnet",
        "error", null, 0, 0, 0, 0, null, 4, 9000, "overloaded after 4 attempts"));
    store.taskRecords().toolCall(TASK, new ToolCallEntry(T0.plusSeconds(3), 1, "toolu_1", "uid-task-1/1/0/toolu_1",
        "execute", "{\"command\":\"mvn test\"}", 2500, 1, 4096, true, false, null));
    store.taskRecords().toolCall(TASK, new ToolCallEntry(T0.plusSeconds(4), 1, "toolu_2", "uid-task-1/1/1/toolu_2",
        "read_file", "{\"path\":\"nope\"}", 3, null, 0, false, true, "not_found: nope"));

    List<TaskRecord<ModelCallEntry>> models = store.taskRecords().modelCalls(TASK.uid(), 0, 10);
    List<TaskRecord<ToolCallEntry>> tools = store.taskRecords().toolCalls(TASK.uid(), 0, 10);

    assertThat(models).hasSize(2);
    assertThat(models.get(0).task()).isEqualTo(TASK);
    assertThat(models.get(0).ownerKey()).as("alice had not signed in yet").isNull();
    assertThat(models.get(1).ownerKey()).isEqualTo("https://idp|sub-alice");
    assertThat(models.get(0).entry()).isEqualTo(call(T0, "sonnet", 10, 1, 0, 0, 48L));
    assertThat(models.get(1).entry().costMicros()).isNull();
    assertThat(models.get(1).entry().error()).isEqualTo("overloaded after 4 attempts");
    assertThat(models.get(1).id()).isGreaterThan(models.get(0).id());
    assertThat(store.taskRecords().modelCalls(TASK.uid(), models.get(0).id(), 10)).hasSize(1);
    assertThat(tools).extracting(r -> r.entry().tool()).containsExactly("execute", "read_file");
    assertThat(tools.get(0).entry()).isEqualTo(new ToolCallEntry(T0.plusSeconds(3), 1, "toolu_1",
        "uid-task-1/1/0/toolu_1", "execute", "{\"command\":\"mvn test\"}", 2500, 1, 4096, true, false, null));
    assertThat(tools.get(1).entry().exitCode()).isNull();
    assertThat(tools.get(1).entry().errorMessage()).isEqualTo("not_found: nope");
    assertThat(tools).allSatisfy(r -> assertThat(r.ownerKey()).isEqualTo("https://idp|sub-alice"));
    assertThat(store.taskRecords().toolCalls("other-uid", 0, 10)).isEmpty();
  }

  @Test
  void usageAddsUpPerUserModelAndUtcMonthAndKeepsUnpricedCallsApartFromCost() {
    JdbcStore store = store();
    Instant lastMinuteOfOctober = Instant.parse("2026-10-31T23:59:30Z");
    TaskRef bobs = new TaskRef("team-b", "t", "uid-bob", "bob", "ws");
    store.taskRecords().modelCall(TASK, call(T0, "sonnet", 100, 10, 5, 2, 1000L));
    store.taskRecords().modelCall(TASK, call(T0.plusSeconds(60), "sonnet", 200, 20, 0, 0, 2000L));
    store.taskRecords().modelCall(TASK, call(T0, "qwen", 50, 5, 0, 0, null));
    store.taskRecords().modelCall(TASK, call(lastMinuteOfOctober, "sonnet", 1, 1, 0, 0, 7L));
    store.taskRecords().modelCall(bobs, call(T0, "sonnet", 7, 3, 0, 0, 70L));
    store.taskRecords().modelCall(bobs, call(T0, "sonnet", 1, 1, 0, 0, null));

    List<MonthlyUsage> november = store.taskRecords().usage(YearMonth.of(2026, 11), null);

    assertThat(november).containsExactly(
        new MonthlyUsage("2026-11", "alice", null, "anthropic", "qwen", 1, 50, 5, 0, 0, null, 1),
        new MonthlyUsage("2026-11", "alice", null, "anthropic", "sonnet", 2, 300, 30, 5, 2, 3000L, 0),
        new MonthlyUsage("2026-11", "bob", null, "anthropic", "sonnet", 2, 8, 4, 0, 0, 70L, 1));
    assertThat(store.taskRecords().usage(YearMonth.of(2026, 10), null)).extracting(MonthlyUsage::owner,
        MonthlyUsage::calls, MonthlyUsage::costMicros).containsExactly(org.assertj.core.groups.Tuple.tuple("alice",
        1L, 7L));
    assertThat(store.taskRecords().usage(YearMonth.of(2026, 11), "bob")).extracting(MonthlyUsage::owner)
        .containsOnly("bob");
    assertThat(store.taskRecords().usage(YearMonth.of(2026, 12), null)).isEmpty();
  }

  @Test
  void concurrentModelCallsNeverLoseUsage() throws Exception {
    JdbcStore store = store();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        TaskRef task = new TaskRef("ns", "t" + (i % 8), "uid-" + (i % 8), "alice", "ws");
        done.add(pool.submit(() -> store.taskRecords().modelCall(task, call(T0, "sonnet", 3, 2, 1, 0, 11L))));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.taskRecords().usage(YearMonth.of(2026, 11), "alice")).containsExactly(new MonthlyUsage(
        "2026-11", "alice", null, "anthropic", "sonnet", 200, 600, 400, 200, 0, 2200L, 0));
  }

  @Test
  void retentionDeletesTheRecordsOfQuietTasksWholeAndKeepsMonthlyUsage() {
    JdbcStore store = open(freshDatabase(30));
    Instant now = T0.plus(Duration.ofDays(40));
    TaskRef old = new TaskRef("ns", "old", "uid-old", "alice", "ws");
    TaskRef active = new TaskRef("ns", "active", "uid-active", "alice", "ws");
    store.taskRecords().append(old, entry(1, "{}"), NO_CAP);
    store.taskRecords().modelCall(old, call(T0, "sonnet", 5, 5, 0, 0, 10L));
    store.taskRecords().toolCall(old, new ToolCallEntry(T0, 1, "a", "r", "execute", "{}", 1, 0, 0, false, false,
        null));
    store.taskRecords().append(active, entry(1, "{}"), NO_CAP);
    store.taskRecords().modelCall(active, call(T0, "sonnet", 1, 1, 0, 0, 2L));
    store.taskRecords().append(active, entry(2, "{\"still\":\"running\"}"), NO_CAP);
    store.taskRecords().toolCall(active, new ToolCallEntry(now.minus(Duration.ofDays(1)), 1, "a", "r", "execute",
        "{}", 1, 0, 0, false, false, null));

    long gone = store.applyRetention(now);

    assertThat(gone).isEqualTo(3);
    assertThat(store.taskRecords().transcript("uid-old", 0, 10)).isEmpty();
    assertThat(store.taskRecords().modelCalls("uid-old", 0, 10)).isEmpty();
    assertThat(store.taskRecords().toolCalls("uid-old", 0, 10)).isEmpty();
    assertThat(store.taskRecords().transcript("uid-active", 0, 10)).as("a task that recorded lately is kept whole")
        .hasSize(2);
    assertThat(store.taskRecords().modelCalls("uid-active", 0, 10)).hasSize(1);
    assertThat(store.taskRecords().usage(YearMonth.of(2026, 11), "alice")).extracting(MonthlyUsage::calls)
        .containsExactly(2L);
    assertThat(store.taskRecords().append(old, entry(1, "{\"after\":\"retention\"}"), NO_CAP).omitted())
        .as("the old task starts afresh").isFalse();
  }

  @Test
  void aStoreFromBeforeTaskRecordsIsMigratedKeepingItsData() {
    StoreSettings settings = freshDatabase(30);
    try (Database db = Database.open(settings)) {
      new Migrations(db, db.dialect().migrationFolder(), List.of(new Migration(1, "initial"))).run();
      db.write("write a V1 row", c -> c.createStatement().executeUpdate("INSERT INTO build_log_lines (workspace_uid, "
          + "build, seq, at_ms, text) VALUES ('ws', 1, 1, 0, 'written before the upgrade')"));
    }

    JdbcStore store = open(settings);
    store.taskRecords().append(TASK, entry(1, "{}"), NO_CAP);

    assertThat(store.schemaVersions()).containsOnlyKeys(1, 2);
    assertThat(store.buildLogs().read("ws", 1, 0, 10)).extracting(LogLine::text)
        .containsExactly("written before the upgrade");
    assertThat(store.taskRecords().transcript(TASK.uid(), 0, 10)).hasSize(1);
  }
}
