package dev.kubicle.operator.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubicle.operator.store.jdbc.JdbcStore;
import dev.kubicle.operator.support.TempStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Queued, batched log writing into a real (SQLite) store. */
class LogWriterTest {
  private final JdbcStore store = TempStore.open();
  private final LogWriter writer = new LogWriter(store, Clock.systemUTC());

  @AfterEach
  void close() {
    writer.close();
    store.close();
  }

  @Test
  void linesBeyondTheBoundAreDroppedOldestFirstAndTheLogSaysHowMany() {
    writer.build("ws", 1, IntStream.range(0, LogWriter.MAX_PENDING_LINES + 50).mapToObj(i -> "line " + i).toList());
    writer.flush();

    List<LogLine> first = store.buildLogs().read("ws", 1, 0, 2);
    assertThat(first.get(0).text()).contains("50 earlier lines were not stored");
    assertThat(first.get(1).text()).isEqualTo("line 50");
    assertThat(store.buildLogs().lastSeq("ws", 1)).isEqualTo(LogWriter.MAX_PENDING_LINES + 1);
  }

  @Test
  void aBuildsEndLogIsStoredOnlyWhenNothingWasStoredForItYet() {
    writer.buildEnded("ws", 1, "plan\napply\n");
    writer.flush();
    writer.buildEnded("ws", 1, "plan\napply\n"); // observed again after a restart
    writer.flush();
    store.buildLogs().append("ws", 2, Instant.now(), List.of("streamed"));
    writer.buildEnded("ws", 2, "streamed tail");
    writer.flush();

    assertThat(store.buildLogs().read("ws", 1, 0, 10)).extracting(LogLine::text).containsExactly("plan", "apply");
    assertThat(store.buildLogs().read("ws", 2, 0, 10)).extracting(LogLine::text).containsExactly("streamed");
  }

  @Test
  void deletingAWorkspaceDropsItsQueuedLinesAndItsStoredLogs() {
    store.agentLogs().append("ws", "agent", Instant.now(), List.of("stored"));
    writer.agent("ws", "agent", List.of("queued"));
    writer.build("other", 1, List.of("kept"));

    writer.deleteWorkspace("ws");
    writer.flush();

    assertThat(store.agentLogs().read("ws", 0, 10)).isEmpty();
    assertThat(store.buildLogs().read("other", 1, 0, 10)).hasSize(1);
  }
}
