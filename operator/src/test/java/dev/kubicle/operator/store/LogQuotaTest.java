package dev.kubicle.operator.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubicle.operator.metrics.OperatorMetrics;
import dev.kubicle.operator.store.jdbc.JdbcStore;
import dev.kubicle.operator.store.jdbc.StoreSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Build and agent logs stop at their quotas: later lines are dropped and counted, and one line says so. */
class LogQuotaTest {
  /** 100-byte lines: 10 fit in a build's quota, 20 in a workspace's agent log. */
  private static final LogQuotas QUOTAS = new LogQuotas(1000, 2000);
  private final Path dir = tempDir();
  private final OperatorMetrics metrics = new OperatorMetrics();
  private final StoreHealth health = new StoreHealth(metrics);
  private JdbcStore store = open();
  private LogWriter writer = new LogWriter(store, Clock.systemUTC(), health);

  @AfterEach
  void close() {
    writer.close();
    store.close();
  }

  @Test
  void buildLogBeyondItsQuotaDropsLaterLinesWithOneMarkerLine() {
    writer.build("ws", 1, lines("a", 25));
    writer.flush();
    writer.build("ws", 1, lines("b", 5));
    writer.flush();

    List<LogLine> stored = store.buildLogs().read("ws", 1, 0, 100);
    assertThat(stored).hasSize(11);
    assertThat(stored.subList(0, 10)).allSatisfy(line -> assertThat(line.text()).startsWith("a"));
    assertThat(stored.get(10).text()).isEqualTo("[kubicle: log quota of 1000 bytes reached for this build; later "
        + "lines are dropped and counted]");
    assertThat(health.droppedSoFar(StoreHealth.Drop.QUOTA)).isEqualTo(15 + 5);
    assertThat(metrics.render()).contains("kubicle_log_lines_dropped_total{reason=\"quota\"} 20");
    assertThat(writer.quotaReached("ws", 1)).isTrue();
    assertThat(writer.trouble("ws", 1)).hasValueSatisfying(t -> {
      assertThat(t.reason()).isEqualTo(LogTrouble.Reason.LogQuotaReached);
      assertThat(t.message()).isEqualTo("Build #1 reached its log quota of 1000 bytes; 20 later lines were dropped");
    });

    writer.build("ws", 2, lines("c", 3));
    writer.build("other", 1, lines("d", 3));
    writer.flush();
    assertThat(store.buildLogs().read("ws", 2, 0, 100)).as("the next build has its own quota").hasSize(3);
    assertThat(store.buildLogs().read("other", 1, 0, 100)).hasSize(3);
    assertThat(writer.trouble("ws", 2)).isEmpty();
  }

  @Test
  void agentLogQuotaCoversEverySourceOfTheWorkspace() {
    writer.agent("ws", "startup_script", lines("s", 15));
    writer.agent("ws", "agent", lines("g", 15));
    writer.flush();

    List<LogLine> stored = store.agentLogs().read("ws", 0, 100);
    assertThat(stored).hasSize(21);
    assertThat(stored.get(20).text()).contains("log quota of 2000 bytes reached for this workspace's agent log");
    assertThat(stored.stream().filter(l -> l.text().startsWith("[kubicle:")).count()).isEqualTo(1);
    assertThat(health.droppedSoFar(StoreHealth.Drop.QUOTA)).isEqualTo(10);
  }

  @Test
  void aRestartedOperatorSeedsTheQuotaFromTheStoreAndWritesNoSecondMarker() {
    writer.build("ws", 1, lines("a", 8));
    writer.agent("ws", "agent", lines("g", 25));
    writer.flush();
    writer.close();
    store.close();

    store = open();
    writer = new LogWriter(store, Clock.systemUTC(), health);
    writer.build("ws", 1, lines("b", 5));
    writer.agent("ws", "agent", lines("h", 5));
    writer.flush();

    List<LogLine> build = store.buildLogs().read("ws", 1, 0, 100);
    assertThat(build).extracting(LogLine::text).filteredOn(t -> t.startsWith("b")).hasSize(2);
    assertThat(build.get(build.size() - 1).text()).startsWith("[kubicle: log quota");
    List<LogLine> agent = store.agentLogs().read("ws", 0, 100);
    assertThat(agent).hasSize(21).noneMatch(l -> l.text().startsWith("h"));
  }

  @Test
  void deletingTheWorkspaceForgetsItsQuota() {
    writer.build("ws", 1, lines("a", 20));
    writer.flush();
    writer.deleteWorkspace("ws");
    writer.flush();

    writer.build("ws", 1, lines("b", 3));
    writer.flush();
    assertThat(store.buildLogs().read("ws", 1, 0, 100)).hasSize(3);
  }

  /** {@code count} lines of exactly 100 bytes. */
  private static List<String> lines(String prefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> {
      String head = prefix + i + " ";
      return head + "x".repeat(100 - head.length());
    }).toList();
  }

  private JdbcStore open() {
    return JdbcStore.open(StoreSettings.sqlite(dir.resolve("kubicle.db"), 30).withQuotas(QUOTAS, 0));
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("kubicle-quota-");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
