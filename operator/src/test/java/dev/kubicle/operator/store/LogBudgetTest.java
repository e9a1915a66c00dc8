package dev.kubicle.operator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The quota arithmetic: what is admitted, when it counts, when the store is asked again. */
class LogBudgetTest {
  private static final LogBudget.Key AGENT = new LogBudget.Key("ws", LogBudget.AGENT_LOG);
  private final LogBudget budget = new LogBudget(new LogQuotas(100, 100));
  private final AtomicInteger seeds = new AtomicInteger();

  @Test
  void onlyCommittedAdmissionsCountSoAFailedWriteIsNotCountedTwice() {
    LogBudget.Admission first = budget.admit(AGENT, List.of("x".repeat(60)), () -> seed(0), 0);
    assertThat(first.lines()).hasSize(1);
    LogBudget.Admission retry = budget.admit(AGENT, List.of("x".repeat(60)), () -> seed(0), 0);
    assertThat(retry.lines()).as("the first write failed and was not committed").hasSize(1);

    budget.commit(AGENT, retry);
    LogBudget.Admission over = budget.admit(AGENT, List.of("y".repeat(60), "z"), () -> seed(0), 0);
    assertThat(over.lines()).containsExactly(LogBudget.marker(AGENT, 100));
    assertThat(over.dropped()).isEqualTo(2);
    assertThat(over.reachedNow()).isTrue();
    assertThat(seeds).as("seeded once").hasValue(1);
  }

  @Test
  void aFullAgentLogIsRecountedAfterAnHourAndTakesLinesAgainOnceRetentionFreedSpace() {
    budget.commit(AGENT, budget.admit(AGENT, List.of("x".repeat(99), "y".repeat(10)), () -> seed(0), 0));
    assertThat(budget.rejects(AGENT, 1000, 3)).isTrue();
    assertThat(budget.dropped(AGENT)).as("the line over the quota, then these three").isEqualTo(4);
    assertThat(budget.rejects(AGENT, LogBudget.RESEED_AFTER_MS, 1)).as("due to be recounted").isFalse();

    LogBudget.Admission later = budget.admit(AGENT, List.of("new"), () -> seed(20), LogBudget.RESEED_AFTER_MS);
    assertThat(later.lines()).containsExactly("new");
    assertThat(seeds).hasValue(2);
  }

  @Test
  void aLogAlreadyOverItsQuotaAfterARestartGetsNoSecondMarker() {
    LogBudget.Admission admission = budget.admit(AGENT, List.of("a"), () -> seed(150), 0);
    assertThat(admission.lines()).isEmpty();
    assertThat(admission.dropped()).isEqualTo(1);
    assertThat(admission.reachedNow()).isFalse();
  }

  @Test
  void aStoreThatCannotBeMeasuredDecidesNothing() {
    assertThatThrownBy(() -> budget.admit(AGENT, List.of("a"), () -> {
      throw new StoreException("down");
    }, 0)).isInstanceOf(StoreException.class);
    assertThat(budget.full(AGENT)).isFalse();
  }

  private LogUsage seed(long bytes) {
    seeds.incrementAndGet();
    return new LogUsage(bytes / 10, bytes);
  }
}
