package dev.kubicle.operator.task;

import static dev.kubicle.operator.support.ModelStreams.call;
import static dev.kubicle.operator.support.OperatorHarness.NS;
import static dev.kubicle.operator.support.ScriptedModelServer.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubicle.api.v1alpha1.AgentTask;
import dev.kubicle.api.v1alpha1.TaskPhase;
import dev.kubicle.api.v1alpha1.TaskStopReason;
import dev.kubicle.operator.agentapi.AgentSession;
import dev.kubicle.operator.support.ModelStreams;
import dev.kubicle.operator.support.ModelStreams.Usage;
import io.fabric8.kubernetes.api.model.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Interruptions mid-tool: an operator restart (resumed from the recorded conversation, or failed clearly without
 * one) and a dropped agent connection. In every case the command ran exactly once.
 */
class TaskRestartTest extends TaskBedTest {
  @Test
  void aTaskInterruptedByAnOperatorRestartResumesAndRunsNoToolTwice() throws Exception {
    Path runs = bed.home.resolve("restart-runs.txt");
    bed.models.then(
        sse(ModelStreams.anthropic(null, List.of(call("toolu_r1", "execute",
            "{\"command\":\"echo run >> restart-runs.txt; sleep 3; echo slow step done\"}")),
            new Usage(100, 10, 0, 0))),
        sse(ModelStreams.anthropic("Finished after the restart.", List.of(), new Usage(200, 20, 0, 0))));
    bed.create("restart", "claude", l -> { });
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(runs));

    bed.harness.stopOperator();
    bed.harness.startOperator();
    AgentTask task = bed.await("restart", TaskPhase.Succeeded);

    assertThat(Files.readAllLines(runs)).containsExactly("run");
    assertThat(bed.models.requests()).as("the model was not asked turn 1 again").hasSize(2);
    assertThat(bed.models.requests().get(1).body().path("messages").get(2).toString())
        .contains("exit code 0").contains("slow step done");
    assertThat(task.getStatus().getTurns()).isEqualTo(2);
    assertThat(task.getStatus().getToolCalls()).isEqualTo(1);
    assertThat(task.getStatus().getUsage().getInput()).as("usage of both operators' turns").isEqualTo(300);
    assertThat(task.getStatus().getCostMicros()).isEqualTo(300 * 3 + 30 * 15);
    assertThat(events("restart")).contains("TaskRunning", "TaskResumed", "TaskSucceeded");
  }

  @Test
  void withoutARecordedConversationARestartedTaskFailsClearlyAndRunsNothingTwice() throws Exception {
    Path runs = bed.home.resolve("unrecorded-runs.txt");
    bed.models.then(sse(ModelStreams.anthropic(null, List.of(call("toolu_u1", "execute",
        "{\"command\":\"echo run >> unrecorded-runs.txt; sleep 3\"}")), new Usage(1, 1, 0, 0))));
    bed.create("unrecorded", "claude", l -> { });
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(runs));

    bed.harness.stopOperator();
    bed.harness.taskRecorder(new LoggingTaskRecorder()); // keeps no conversation, as before the store exists
    try {
      bed.harness.startOperator();
      AgentTask task = bed.await("unrecorded", TaskPhase.Failed);

      assertThat(task.getStatus().getStopReason()).isEqualTo(TaskStopReason.ERROR);
      assertThat(task.getStatus().getMessage()).contains("operator restarted while this task ran")
          .contains("no tool call was repeated");
      await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
          .until(() -> Files.readAllLines(runs).size() == 1);
    } finally {
      bed.harness.stopOperator();
      bed.harness.taskRecorder(recorder);
      bed.harness.startOperator();
      bed.awaitReady();
    }
  }

  @Test
  void aToolCallRepeatedAfterADroppedAgentConnectionRunsOnce() throws Exception {
    Path runs = bed.home.resolve("drop-runs.txt");
    bed.models.then(
        sse(ModelStreams.anthropic(null, List.of(call("toolu_d1", "execute",
            "{\"command\":\"echo run >> drop-runs.txt; sleep 2; echo survived the drop\"}")),
            new Usage(1, 1, 0, 0))),
        sse(ModelStreams.anthropic("Done.", List.of(), new Usage(1, 1, 0, 0))));
    ResourceID ws = new ResourceID("dev", NS);
    bed.awaitReady();
    bed.create("drop", "claude", l -> { });
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(runs));
    AgentSession before = bed.harness.operator().agents().session(ws).orElseThrow();

    bed.harness.operator().agents().revoke(ws); // the control plane drops the agent's connection mid-tool
    bed.await("drop", TaskPhase.Succeeded);

    assertThat(Files.readAllLines(runs)).containsExactly("run");
    assertThat(bed.harness.operator().agents().session(ws)).get().as("the agent reconnected")
        .isNotSameAs(before);
    assertThat(bed.models.requests().get(1).body().path("messages").get(2).toString())
        .contains("survived the drop");
  }

  private List<String> events(String task) {
    return bed.harness.client().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> task.equals(e.getInvolvedObject().getName())).map(Event::getReason).toList();
  }
}
