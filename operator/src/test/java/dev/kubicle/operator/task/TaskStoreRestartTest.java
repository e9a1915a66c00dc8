package dev.kubicle.operator.task;

import static dev.kubicle.operator.support.ModelStreams.call;
import static dev.kubicle.operator.support.ScriptedModelServer.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubicle.api.v1alpha1.AgentTask;
import dev.kubicle.api.v1alpha1.TaskPhase;
import dev.kubicle.operator.store.ModelCallEntry;
import dev.kubicle.operator.store.MonthlyUsage;
import dev.kubicle.operator.store.TaskRecord;
import dev.kubicle.operator.store.TaskRecords;
import dev.kubicle.operator.store.ToolCallEntry;
import dev.kubicle.operator.store.TranscriptEntry;
import dev.kubicle.operator.support.ModelStreams;
import dev.kubicle.operator.support.ModelStreams.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's own recorder, the store: a task interrupted by an operator restart resumes from the transcript in
 * the SQLite file (the same file across restarts, as on the operator's volume), runs no tool twice, and leaves its
 * transcript, model and tool calls and monthly usage in the store with the owner's identity.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskStoreRestartTest {
  private TaskBed bed;

  @BeforeAll
  void start(@TempDir Path tmp) {
    bed = TaskBed.start(tmp, null);
  }

  @AfterAll
  void stop() {
    if (bed != null) {
      bed.close();
    }
  }

  private TaskRecords records() {
    return bed.harness.operator().store().taskRecords();
  }

  @Test
  void aTaskResumesFromTheStoreAfterAnOperatorRestartAndItsRecordsAddUp() throws Exception {
    bed.harness.operator().store().users().login("https://idp.test", "sub-alice", "alice", null, Instant.now());
    Path runs = bed.home.resolve("store-restart-runs.txt");
    bed.models.then(
        sse(ModelStreams.anthropic("Running the slow step.", List.of(call("toolu_s1", "execute",
            "{\"command\":\"echo run >> store-restart-runs.txt; DEPLOY_TOKEN=tok-9f8e7d6c sleep 3; echo slow done\"}")),
            new Usage(100, 10, 40, 5))),
        sse(ModelStreams.anthropic("Finished after the restart.", List.of(), new Usage(200, 20, 0, 0))));
    AgentTask created = bed.create("store-restart", "claude", l -> { });
    String uid = created.getMetadata().getUid();
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(runs));

    bed.harness.stopOperator();
    bed.harness.startOperator();
    AgentTask task = bed.await("store-restart", TaskPhase.Succeeded);

    assertThat(Files.readAllLines(runs)).containsExactly("run");
    assertThat(bed.models.requests()).as("the model was not asked turn 1 again").hasSize(2);
    assertThat(bed.models.requests().get(1).body().path("messages").get(2).toString()).contains("slow done");
    assertThat(task.getStatus().getUsage().getInput()).as("usage of both operators' turns").isEqualTo(300);

    List<TranscriptEntry> transcript = records().transcript(uid, 0, 100);
    assertThat(transcript).extracting(TranscriptEntry::role)
        .containsExactly("user", "assistant", "tool_results", "assistant");
    assertThat(transcript.get(0).body()).contains("Make the failing test pass.");
    assertThat(transcript.get(2).body()).contains("slow done");
    assertThat(transcript.get(3).body()).contains("Finished after the restart.");

    List<TaskRecord<ModelCallEntry>> models = records().modelCalls(uid, 0, 100);
    assertThat(models).extracting(r -> r.entry().turn()).containsExactly(1, 2);
    assertThat(models).allSatisfy(r -> {
      assertThat(r.task().owner()).isEqualTo("alice");
      assertThat(r.task().namespace()).isEqualTo("default");
      assertThat(r.task().name()).isEqualTo("store-restart");
      assertThat(r.ownerKey()).isEqualTo("https://idp.test|sub-alice");
      assertThat(r.entry().provider()).isEqualTo("anthropic");
      assertThat(r.entry().model()).isEqualTo("claude");
    });
    assertThat(models.get(0).entry().cacheReadTokens()).isEqualTo(40);
    long costs = models.stream().mapToLong(r -> r.entry().costMicros()).sum();
    assertThat(costs).as("each call's cost, rounded on its own, adds up to the task's")
        .isEqualTo(task.getStatus().getCostMicros());

    List<TaskRecord<ToolCallEntry>> tools = records().toolCalls(uid, 0, 100);
    assertThat(tools).hasSize(1);
    ToolCallEntry tool = tools.get(0).entry();
    assertThat(tool.tool()).isEqualTo("execute");
    assertThat(tool.exitCode()).isZero();
    assertThat(tool.requestId()).contains(uid);
    assertThat(tool.arguments()).contains("DEPLOY_TOKEN=<redacted>").doesNotContain("tok-9f8e7d6c");
    assertThat(tools.get(0).ownerKey()).isEqualTo("https://idp.test|sub-alice");

    MonthlyUsage usage = records().usage(TaskRecords.monthOf(models.get(0).entry().at()), "alice").stream()
        .filter(u -> u.model().equals("claude")).findFirst().orElseThrow();
    assertThat(usage.calls()).isGreaterThanOrEqualTo(2);
    assertThat(usage.ownerKey()).isEqualTo("https://idp.test|sub-alice");
  }
}
