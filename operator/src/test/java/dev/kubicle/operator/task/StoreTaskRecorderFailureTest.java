package dev.kubicle.operator.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubicle.operator.metrics.OperatorMetrics;
import dev.kubicle.operator.store.StoreException;
import dev.kubicle.operator.store.StoreHealth;
import dev.kubicle.operator.support.FailingStore;
import dev.kubicle.operator.support.TempStore;
import dev.kubicle.operator.task.llm.ConversationMessage;
import dev.kubicle.operator.task.llm.TokenCounts;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A failing store: call records are reported and the task goes on; an unrecorded message still ends it. */
class StoreTaskRecorderFailureTest {
  private static final TaskIdentity TASK = new TaskIdentity("team-a", "fix", "uid-1", "alice", "dev");
  private final FailingStore store = new FailingStore(TempStore.open()).failTaskRecords(true);
  private final OperatorMetrics metrics = new OperatorMetrics();
  private final StoreHealth health = new StoreHealth(metrics);
  private final StoreTaskRecorder recorder = new StoreTaskRecorder(store.taskRecords(), Clock.systemUTC())
      .reportingTo(health);

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void modelAndToolCallRecordsThatCannotBeStoredAreReportedWithoutFailingTheTask() {
    recorder.modelCall(TASK, new ModelCallRecord(Instant.now(), 1, "p", "anthropic", "m", "ok", "end_turn",
        TokenCounts.ZERO, 12L, 1, 30, null));
    recorder.toolCall(TASK, new ToolCallRecord(Instant.now(), 1, "t1", "r1", "execute", "{}", 5, 0, 10, false,
        false, null));

    assertThat(health.failures(StoreHealth.Write.TASK_RECORDS)).isEqualTo(2);
    assertThat(health.healthy()).isFalse();
  }

  @Test
  void aMessageThatCannotBeStoredStillEndsTheTaskAndIsReported() {
    assertThatThrownBy(() -> recorder.message(TASK, 0, ConversationMessage.user("hello")))
        .isInstanceOf(StoreException.class);
    assertThat(health.failures(StoreHealth.Write.TASK_RECORDS)).isEqualTo(1);
  }
}
