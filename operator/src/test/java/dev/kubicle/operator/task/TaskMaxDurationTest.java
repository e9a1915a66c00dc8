package dev.kubicle.operator.task;

import static dev.kubicle.operator.support.ModelStreams.call;
import static dev.kubicle.operator.support.ScriptedModelServer.sse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubicle.api.v1alpha1.AgentTask;
import dev.kubicle.api.v1alpha1.TaskPhase;
import dev.kubicle.api.v1alpha1.TaskStopReason;
import dev.kubicle.operator.OperatorConfig;
import dev.kubicle.operator.support.ModelStreams;
import dev.kubicle.operator.support.ModelStreams.Usage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, hole 1: the cluster-wide maximum task duration (KUBICLE_TASK_MAX_DURATION) caps every task's wall time
 * whatever its own limits.timeout asks. On main (789eda3) there was no such cap, so the first test failed there:
 * a task asking for an hour ran until its tool's own timeout.
 */
class TaskMaxDurationTest extends TaskBedTest {
  @Override
  OperatorConfig settings(OperatorConfig defaults) {
    return defaults.withTaskMaxDuration(Duration.ofSeconds(3));
  }

  @Test
  void theClustersMaximumStopsATaskWhoseOwnLimitIsLonger() {
    bed.models.then(sse(ModelStreams.anthropic(null, List.of(call("toolu_long", "execute",
        "{\"command\":\"sleep 50\"}")), new Usage(1, 1, 0, 0))));

    bed.create("long", "claude", l -> {
      l.setTimeout("1h");
      l.setToolTimeout("60s");
    });
    AgentTask task = bed.await("long", TaskPhase.Failed);

    assertThat(task.getStatus().getStopReason()).isEqualTo(TaskStopReason.TIMEOUT);
    assertThat(task.getStatus().getMessage()).isEqualTo("Timed out after 3 s (the cluster's maximum task "
        + "duration, KUBICLE_TASK_MAX_DURATION)");
    assertThat(bed.models.requests()).hasSize(1);
  }

  @Test
  void aTaskLimitShorterThanTheMaximumStillAppliesAndIsNamed() {
    bed.models.then(sse(ModelStreams.anthropic(null, List.of(call("toolu_short", "execute",
        "{\"command\":\"sleep 50\"}")), new Usage(1, 1, 0, 0))));

    bed.create("short", "claude", l -> {
      l.setTimeout("1s");
      l.setToolTimeout("60s");
    });
    AgentTask task = bed.await("short", TaskPhase.Failed);

    assertThat(task.getStatus().getStopReason()).isEqualTo(TaskStopReason.TIMEOUT);
    assertThat(task.getStatus().getMessage()).isEqualTo("Timed out after 1 s (limits.timeout)");
  }
}
