package dev.kubicle.operator.task;

import static dev.kubicle.operator.support.ModelStreams.call;
import static dev.kubicle.operator.support.OperatorHarness.NS;
import static dev.kubicle.operator.support.ScriptedModelServer.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubicle.api.v1alpha1.AgentTask;
import dev.kubicle.api.v1alpha1.TaskPhase;
import dev.kubicle.api.v1alpha1.TaskStopReason;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.support.ModelStreams;
import dev.kubicle.operator.support.ModelStreams.Usage;
import dev.kubicle.operator.support.OperatorHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, hole 1: a task outlived its workspace and landed in someone else's. Alice's task is mid-loop on her
 * workspace {@code dev}; the workspace is deleted and Bob creates his own {@code dev}; then the model asks for the
 * next command. On main (789eda3) the loop looked its agent up by name on every tool call, so this test failed
 * there: Bob's agent ran the command, its output went into Alice's transcript and the task succeeded.
 */
class TaskWorkspaceTenancyTest extends TaskBedTest {
  @Test
  void aTaskWhoseWorkspaceIsDeletedAndRecreatedByAnotherMemberNeverRunsInTheNewOne() throws Exception {
    CountDownLatch nextStep = new CountDownLatch(1);
    bed.models.then(
        sse(ModelStreams.anthropic(null, List.of(call("toolu_1", "execute",
            "{\"command\":\"echo alice was here > alice.txt\"}")), new Usage(1, 1, 0, 0))),
        sse(ModelStreams.anthropic(null, List.of(call("toolu_2", "execute",
            "{\"command\":\"touch pwned; cat bob-secret.txt\"}")), new Usage(1, 1, 0, 0))).held(nextStep),
        sse(ModelStreams.anthropic("All done.", List.of(), new Usage(1, 1, 0, 0))));
    String aliceUid = bed.harness.workspace("dev").getMetadata().getUid();
    Path aliceHome = bed.home;
    try {
      bed.create("hijack", "claude", l -> l.setToolTimeout("60s"));
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(aliceHome.resolve("alice.txt")));
      // The model is now thinking about turn 2 (its answer is held): the task is mid-loop.
      await().atMost(Duration.ofSeconds(30)).until(() -> bed.models.requests().size() == 2);
      assertThat(bed.task("hijack").getStatus().getWorkspaceUid()).isEqualTo(aliceUid);

      bed.harness.client().resources(Workspace.class).inNamespace(NS).withName("dev").delete();
      bed.harness.awaitGone("dev");
      Workspace bobs = OperatorHarness.workspace("dev", "local", Map.of());
      bobs.getSpec().setOwner("bob");
      bed.harness.createWorkspace(bobs);
      bed.awaitReady();
      Workspace bobsNow = bed.harness.workspace("dev");
      assertThat(bobsNow.getMetadata().getUid()).isNotEqualTo(aliceUid);
      Path bobHome = Path.of(bobsNow.getStatus().getOutputs().get("directory"));
      Files.writeString(bobHome.resolve("bob-secret.txt"), "bob's secret\n");
      assertThat(bed.harness.operator().agents().session(
          new io.javaoperatorsdk.operator.processing.event.ResourceID("dev", NS))).as("bob's agent is connected, "
          + "its session recording the UID of bob's workspace, so a tool call of the task bound to alice's is refused")
          .get().extracting(s -> s.workspaceUid()).isEqualTo(bobsNow.getMetadata().getUid());

      nextStep.countDown(); // the model now asks for a command, in a workspace that is Bob's

      AgentTask task = bed.await("hijack", TaskPhase.Failed);
      assertThat(task.getStatus().getStopReason()).isEqualTo(TaskStopReason.WORKSPACE_DELETED);
      // Stopped on the first event of the deletion (its deletionTimestamp), or at the latest on its removal.
      assertThat(task.getStatus().getMessage()).containsAnyOf("Workspace dev is being deleted",
          "Workspace dev was deleted");
      assertThat(bobHome.resolve("pwned")).as("no command ran in bob's workspace").doesNotExist();
      assertThat(recorder.toolCalls("hijack")).extracting(ToolCallRecord::toolCallId).containsExactly("toolu_1");
      List<String> results = recorder.conversation(TaskIdentity.of(task, "alice")).orElseThrow().stream()
          .flatMap(m -> m.results().stream()).map(r -> r.content()).toList();
      assertThat(results).as("the transcript holds alice's one result and no output from bob's workspace")
          .hasSize(1).noneMatch(r -> r.contains("bob's secret"));
      assertThat(bed.models.requests()).as("the stopped loop asked the model nothing more").hasSize(2);
      assertThat(bed.harness.operator().metrics().value(TaskCounters.ENDED, "reason", "workspace_deleted"))
          .as("an admin sees it in /metrics").isEqualTo(1);
    } finally {
      nextStep.countDown();
    }
  }
}
