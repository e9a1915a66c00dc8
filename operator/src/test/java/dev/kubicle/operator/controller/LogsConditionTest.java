package dev.kubicle.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubicle.api.v1alpha1.WorkspaceStatus;
import dev.kubicle.operator.kube.Conditions;
import dev.kubicle.operator.store.LogTrouble;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The LogsStored condition: only while log lines are lost, last, keeping its transition time. */
class LogsConditionTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final LogTrouble QUOTA = new LogTrouble(LogTrouble.Reason.LogQuotaReached, "quota reached");

  @Test
  void noTroubleAddsNoConditionAndNoRecheck() {
    WorkspaceStatus status = derived();
    assertThat(LogsCondition.apply(status, List.of(), Optional.empty(), 1L, T0)).isEmpty();
    assertThat(status.getConditions()).extracting(Condition::getType).containsExactly("Ready");
  }

  @Test
  void troubleAddsAFalseConditionLastAndAsksToLookAgain() {
    WorkspaceStatus status = derived();
    assertThat(LogsCondition.apply(status, List.of(), Optional.of(QUOTA), 1L, T0)).contains(Duration.ofSeconds(30));
    Condition logs = status.getConditions().get(1);
    assertThat(logs.getType()).isEqualTo("LogsStored");
    assertThat(logs.getStatus()).isEqualTo("False");
    assertThat(logs.getReason()).isEqualTo("LogQuotaReached");
    assertThat(logs.getMessage()).isEqualTo("quota reached");
  }

  @Test
  void theSameTroubleLaterKeepsItsTransitionTime() {
    WorkspaceStatus first = derived();
    LogsCondition.apply(first, List.of(), Optional.of(QUOTA), 1L, T0);
    WorkspaceStatus second = derived();
    LogsCondition.apply(second, first.getConditions(), Optional.of(QUOTA), 1L, T0.plusSeconds(60));
    assertThat(second.getConditions().get(1).getLastTransitionTime()).isEqualTo(T0.toString());
  }

  /** Status as the deriver leaves it: a mutable list of the usual conditions (Ready stands for them). */
  private static WorkspaceStatus derived() {
    WorkspaceStatus status = new WorkspaceStatus();
    status.setConditions(new ArrayList<>(List.of(Conditions.make(List.of(), "Ready", true, "Running", "ok", 1L,
        T0))));
    return status;
  }
}
