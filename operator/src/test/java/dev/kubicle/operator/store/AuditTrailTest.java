package dev.kubicle.operator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kubicle.operator.metrics.OperatorMetrics;
import dev.kubicle.operator.store.jdbc.JdbcStore;
import dev.kubicle.operator.store.jdbc.StoreSettings;
import dev.kubicle.operator.support.FailingStore;
import dev.kubicle.operator.support.TempStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Audit entries are never the ones lost: a failing store delays them, a full one gives up log lines for them. */
class AuditTrailTest {
  private final OperatorMetrics metrics = new OperatorMetrics();
  private final StoreHealth health = new StoreHealth(metrics);

  @Test
  void entriesRecordedWhileTheStoreFailsWaitAndAreAllStoredInOrderOnceItRecovers() {
    FailingStore store = new FailingStore(TempStore.open()).failAudit(true);
    try (AuditTrail trail = new AuditTrail(store, health, metrics)) {
      for (int i = 0; i < 50; i++) {
        assertThat(trail.record(entry("workspace.stop-" + i)).id()).isZero();
      }
      assertThat(trail.queued()).isEqualTo(50);
      assertThat(health.failing(StoreHealth.Write.AUDIT)).isTrue();
      assertThat(metrics.render()).contains("kubicle_store_healthy 0", "kubicle_audit_entries_queued 50",
          "kubicle_store_write_failures_total{what=\"audit\"}");

      store.failAudit(false);
      trail.record(entry("workspace.start")); // behind the waiting ones, not before them
      await().atMost(Duration.ofSeconds(30)).until(() -> trail.queued() == 0);

      List<AuditEntry> stored = trail.query(new AuditQuery(null, null, null, null, null, 0, 100));
      assertThat(stored).hasSize(51);
      assertThat(stored.get(0).action()).isEqualTo("workspace.start");
      assertThat(stored.get(50).action()).isEqualTo("workspace.stop-0");
      assertThat(health.healthy()).isTrue();
    } finally {
      store.close();
    }
  }

  @Test
  void aFullSqliteStoreDeletesOldLogLinesSoThatEveryAuditEntryFits() {
    // A real "database or disk is full": the database may not grow past 1 MiB; no reserve, so logs fill it.
    JdbcStore store = JdbcStore.open(StoreSettings.sqlite(tempDir().resolve("kubicle.db"), 30)
        .withQuotas(new LogQuotas(0, 0), 0).withSqliteMaxBytes(1024 * 1024));
    try (AuditTrail trail = new AuditTrail(store, health, metrics)) {
      String line = "x".repeat(1000);
      assertThatThrownBy(() -> {
        for (int i = 0; i < 10_000; i++) {
          store.agentLogs().append("ws-" + (i % 7), "agent", Instant.now(), List.of(line, line, line, line, line));
        }
      }).isInstanceOf(StoreException.class).hasMessageContaining("full");

      IntStream.range(0, 200).forEach(i -> trail.record(entry("workspace.delete-" + i)));

      assertThat(trail.queued()).as("none had to wait").isZero();
      assertThat(trail.query(new AuditQuery(null, null, null, null, null, 0, 500))).hasSize(200);
    } finally {
      store.close();
    }
  }

  @Test
  void logWritesPauseAtTheReserveSoThatTheStoreNeverFillsUp() {
    // 2 MiB at most, 1 MiB of it reserved: logs stop near 1 MiB, and audit entries still fit without deleting any.
    JdbcStore store = JdbcStore.open(StoreSettings.sqlite(tempDir().resolve("kubicle.db"), 30)
        .withQuotas(new LogQuotas(0, 0), 1024 * 1024).withSqliteMaxBytes(2 * 1024 * 1024));
    LogWriter writer = new LogWriter(store, Clock.systemUTC(), health);
    try (AuditTrail trail = new AuditTrail(store, health, metrics)) {
      List<String> lines = IntStream.range(0, 20).mapToObj(i -> "y".repeat(1000)).toList();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
        writer.agent("ws", "agent", lines);
        writer.flush();
        return writer.trouble("ws", 0).isPresent();
      });
      assertThat(writer.trouble("ws", 0).orElseThrow().reason()).isEqualTo(LogTrouble.Reason.StoreUnavailable);
      assertThat(writer.trouble("ws", 0).orElseThrow().message()).contains("reserved for audit entries");
      long logLines = store.agentLogs().lastSeq("ws");

      IntStream.range(0, 100).forEach(i -> trail.record(entry("workspace.update-" + i)));

      assertThat(trail.query(new AuditQuery(null, null, null, null, null, 0, 500))).hasSize(100);
      assertThat(store.agentLogs().read("ws", 0, 1)).as("no log line had to go").first()
          .extracting(LogLine::seq).isEqualTo(1L);
      assertThat(store.agentLogs().lastSeq("ws")).isEqualTo(logLines);
    } finally {
      writer.close();
      store.close();
    }
  }

  private static AuditEntry entry(String action) {
    return new AuditEntry(0, Instant.now(), "alice", "key-alice", action, "Workspace", "team-a", "dev",
        "127.0.0.1", "ok", null);
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("kubicle-audit-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
