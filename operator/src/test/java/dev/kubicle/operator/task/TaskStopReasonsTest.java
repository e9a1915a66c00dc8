package dev.kubicle.operator.task;

import static dev.kubicle.operator.support.ModelStreams.call;
import static dev.kubicle.operator.support.ScriptedModelServer.error;
import static dev.kubicle.operator.support.ScriptedModelServer.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubicle.api.v1alpha1.AgentTask;
import dev.kubicle.api.v1alpha1.TaskPhase;
import dev.kubicle.api.v1alpha1.TaskStopReason;
import dev.kubicle.operator.support.ModelStreams;
import dev.kubicle.operator.support.ModelStreams.Usage;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Every way a task's loop ends, one test each, against the real agent in a local workspace. */
class TaskStopReasonsTest extends TaskBedTest {
  @Test
  void endTurnSucceedsWithTheModelsAnswerAsResult() {
    bed.models.then(sse(ModelStreams.anthropic("Nothing to do: the test passes.", List.of(), new Usage(7, 3, 0, 0))));

    AgentTask task = stopped("end-turn", TaskPhase.Succeeded, TaskStopReason.END_TURN, l -> { });

    assertThat(task.getStatus().getTurns()).isEqualTo(1);
    assertThat(task.getStatus().getToolCalls()).isZero();
    assertThat(task.getStatus().getResult()).isEqualTo("Nothing to do: the test passes.");
  }

  @Test
  void maxTurnsStopsTheLoopWithoutRunningToolsNoOneWouldRead() {
    AtomicInteger n = new AtomicInteger();
    bed.models.otherwise(request -> sse(ModelStreams.anthropic(null, List.of(call("toolu_t" + n.incrementAndGet(),
        "execute", "{\"command\":\"echo turn " + n.get() + " >> turns.log\"}")), new Usage(10, 10, 0, 0))));

    AgentTask task = stopped("max-turns", TaskPhase.Failed, TaskStopReason.MAX_TURNS, l -> l.setMaxTurns(2));

    assertThat(task.getStatus().getTurns()).isEqualTo(2);
    assertThat(task.getStatus().getToolCalls()).isEqualTo(1);
    assertThat(task.getStatus().getMessage()).contains("limits.maxTurns");
    assertThat(bed.models.requests()).hasSize(2);
  }

  @Test
  void tokenBudgetStopsOnceTheTotalReachesIt() {
    AtomicInteger n = new AtomicInteger();
    bed.models.otherwise(request -> sse(ModelStreams.anthropic(null, List.of(call("toolu_k" + n.incrementAndGet(),
        "execute", "{\"command\":\"echo " + n.get() + "\"}")), new Usage(500, 100, 0, 0))));

    AgentTask task = stopped("tokens", TaskPhase.Failed, TaskStopReason.TOKEN_BUDGET, l -> l.setMaxTokens(1000L));

    assertThat(task.getStatus().getTurns()).isEqualTo(2);
    assertThat(task.getStatus().getUsage().getInput() + task.getStatus().getUsage().getOutput()).isEqualTo(1200);
    assertThat(task.getStatus().getToolCalls()).isEqualTo(1);
    assertThat(task.getStatus().getMessage()).contains("1200 of 1000 tokens");
  }

  @Test
  void costBudgetStopsOnceTheCostReachesIt() {
    AtomicInteger n = new AtomicInteger();
    bed.models.otherwise(request -> sse(ModelStreams.anthropic(null, List.of(call("toolu_c" + n.incrementAndGet(),
        "execute", "{\"command\":\"echo " + n.get() + "\"}")), new Usage(1000, 0, 0, 0))));

    AgentTask task = stopped("cost", TaskPhase.Failed, TaskStopReason.COST_BUDGET, l -> l.setMaxCostMicros(5000L));

    assertThat(task.getStatus().getCostMicros()).isEqualTo(6000); // two calls of 1000 input tokens at $3/M
    assertThat(task.getStatus().getTurns()).isEqualTo(2);
  }

  @Test
  void timeoutStopsTheTaskEvenWhileAToolRuns() {
    bed.models.then(sse(ModelStreams.anthropic(null, List.of(call("toolu_slow", "execute",
        "{\"command\":\"sleep 50\"}")), new Usage(1, 1, 0, 0))));

    AgentTask task = stopped("timeout", TaskPhase.Failed, TaskStopReason.TIMEOUT, l -> {
      l.setTimeout("2s");
      l.setToolTimeout("60s");
    });

    assertThat(task.getStatus().getMessage()).contains("Timed out after 2 s");
    assertThat(bed.models.requests()).hasSize(1);
  }

  @Test
  void stuckWhenTheSameCallRepeats() {
    bed.models.otherwise(request -> sse(ModelStreams.anthropic(null, List.of(call("toolu_s"
        + System.nanoTime(), "execute", "{\"command\":\"ls\"}")), new Usage(1, 1, 0, 0))));

    AgentTask task = stopped("stuck", TaskPhase.Failed, TaskStopReason.STUCK, l -> l.setStuckThreshold(3));

    assertThat(task.getStatus().getToolCalls()).as("the third identical call is not run").isEqualTo(2);
    assertThat(task.getStatus().getMessage()).contains("same execute call 3 times in a row");
  }

  @Test
  void cancelStopsTheLoopPromptlyWhileAToolRuns() throws Exception {
    bed.models.then(sse(ModelStreams.anthropic(null, List.of(call("toolu_long", "execute",
        "{\"command\":\"touch cancel-started; sleep 50; touch cancel-finished\"}")), new Usage(1, 1, 0, 0))));
    bed.create("cancel", "claude", l -> l.setToolTimeout("60s"));
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(bed.home.resolve("cancel-started")));

    bed.cancel("cancel");
    AgentTask task = bed.await("cancel", TaskPhase.Cancelled);

    assertThat(task.getStatus().getStopReason()).isEqualTo(TaskStopReason.CANCELLED);
    assertThat(bed.home.resolve("cancel-finished")).as("cancelled before the tool finished").doesNotExist();
    assertThat(bed.models.requests()).hasSize(1);
  }

  @Test
  void aModelErrorFailsTheTaskWithTheProvidersMessage() {
    bed.models.then(error(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
        + "\"message\":\"max_tokens: too large\"}}", Map.of()));

    AgentTask task = stopped("model-error", TaskPhase.Failed, TaskStopReason.ERROR, l -> { });

    assertThat(task.getStatus().getMessage()).contains("Anthropic answered HTTP 400 invalid_request_error: "
        + "max_tokens: too large");
    assertThat(recorder.modelCalls("model-error")).extracting(ModelCallRecord::status).containsExactly("error");
  }

  @Test
  void anUnknownModelFailsTheTaskNamingTheChoices() {
    bed.create("no-model", "gpt-9", l -> { });
    AgentTask task = bed.await("no-model", TaskPhase.Failed);

    assertThat(task.getStatus().getStopReason()).isEqualTo(TaskStopReason.ERROR);
    assertThat(task.getStatus().getMessage()).contains("model \"gpt-9\" is not configured").contains("claude");
  }

  @Test
  void toolErrorsAndToolTimeoutsGoBackToTheModelAsErrorResults() {
    bed.models.then(
        sse(ModelStreams.anthropic(null, List.of(call("toolu_missing", "read_file", "{\"path\":\"no/such.txt\"}"),
            call("toolu_sleepy", "execute", "{\"command\":\"sleep 30\"}"),
            call("toolu_bad", "edit_file", "{\"path\":\"x\"}"),
            call("toolu_nope", "delete_everything", "{}")), new Usage(1, 1, 0, 0))),
        sse(ModelStreams.anthropic("I could not do it.", List.of(), new Usage(1, 1, 0, 0))));

    AgentTask task = stopped("tool-errors", TaskPhase.Succeeded, TaskStopReason.END_TURN,
        l -> l.setToolTimeout("1s"));

    assertThat(task.getStatus().getToolCalls()).isEqualTo(4);
    var results = bed.models.requests().get(1).body().path("messages").get(2).path("content");
    assertThat(results).hasSize(4).allSatisfy(r -> assertThat(r.path("is_error").asBoolean()).isTrue());
    assertThat(results.get(0).path("content").asText()).startsWith("not_found");
    assertThat(results.get(1).path("content").asText()).startsWith("timed out after 1 s");
    assertThat(results.get(2).path("content").asText()).contains("argument \"old_text\" (a string) is required");
    assertThat(results.get(3).path("content").asText()).contains("unknown tool \"delete_everything\"");
  }

  private AgentTask stopped(String name, TaskPhase phase, TaskStopReason reason,
      java.util.function.Consumer<dev.kubicle.api.v1alpha1.TaskLimits> limits) {
    bed.create(name, "claude", limits);
    AgentTask task = bed.await(name, phase);
    assertThat(task.getStatus().getStopReason()).isEqualTo(reason);
    assertThat(task.getStatus().getFinishedAt()).isNotNull();
    return task;
  }
}
