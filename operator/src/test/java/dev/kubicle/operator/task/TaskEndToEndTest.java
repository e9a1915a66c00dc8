package dev.kubicle.operator.task;

import static dev.kubicle.operator.support.ModelStreams.call;
import static dev.kubicle.operator.support.OperatorHarness.NS;
import static dev.kubicle.operator.support.ScriptedModelServer.sse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubicle.api.v1alpha1.AgentTask;
import dev.kubicle.api.v1alpha1.TaskPhase;
import dev.kubicle.api.v1alpha1.TaskStopReason;
import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.agentapi.ManifestBuilder;
import dev.kubicle.operator.support.ModelStreams;
import dev.kubicle.operator.support.ModelStreams.Usage;
import dev.kubicle.operator.support.ScriptedModelServer.Received;
import io.fabric8.kubernetes.api.model.Event;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * End to end with a real local workspace and the real agent: a small repository whose unit test fails is fixed
 * by scripted tool calls over each wire format, and no provider key ever reaches the workspace.
 */
class TaskEndToEndTest extends TaskBedTest {
  private static final String CALC = "add() { echo $(( $1 - $2 )); }\n";
  private static final String TEST = ". ./calc.sh\n"
      + "got=$(add 2 3)\n"
      + "if [ \"$got\" = 5 ]; then echo \"ok: add 2 3 = 5\"; else echo \"FAIL: add 2 3 gave $got, want 5\"; "
      + "exit 1; fi\n";

  @Test
  void aFailingTestIsFixedByScriptedToolCallsOverTheAnthropicWire() throws Exception {
    Path repo = repository("repo-a");
    bed.models.then(
        sse(ModelStreams.anthropic("Running the tests first.", List.of(
            call("toolu_1", "report_progress", "{\"message\":\"Running the tests\"}"),
            call("toolu_2", "execute", "{\"command\":\"sh test.sh\",\"workdir\":\"repo-a\"}")),
            new Usage(1000, 100, 0, 1000))),
        sse(ModelStreams.anthropic(null, List.of(call("toolu_3", "read_file", "{\"path\":\"repo-a/calc.sh\"}")),
            new Usage(1200, 50, 1000, 0))),
        sse(ModelStreams.anthropic(null, List.of(call("toolu_4", "edit_file",
            "{\"path\":\"repo-a/calc.sh\",\"old_text\":\"$1 - $2\",\"new_text\":\"$1 + $2\"}")),
            new Usage(1300, 80, 500, 0))),
        sse(ModelStreams.anthropic(null, List.of(call("toolu_5", "execute",
            "{\"command\":\"sh test.sh\",\"workdir\":\"repo-a\"}")), new Usage(1000, 70, 500, 0))),
        sse(ModelStreams.anthropic("Fixed add() in calc.sh: it subtracted. The test passes now.", List.of(),
            new Usage(500, 200, 0, 0))));

    java.time.Instant before = java.time.Instant.now();
    bed.create("fix-a", "claude", l -> { });
    AgentTask done = bed.await("fix-a", TaskPhase.Succeeded);

    // The running task counted as use of its workspace (autostop keeps it running).
    assertThat(bed.harness.operator().activity().lastActivity(new io.javaoperatorsdk.operator.processing.event
        .ResourceID("dev", NS))).hasValueSatisfying(at -> assertThat(at).isAfterOrEqualTo(before));

    var status = done.getStatus();
    assertThat(status.getStopReason()).isEqualTo(TaskStopReason.END_TURN);
    assertThat(status.getTurns()).isEqualTo(5);
    assertThat(status.getToolCalls()).isEqualTo(5);
    assertThat(status.getUsage().getInput()).isEqualTo(5000);
    assertThat(status.getUsage().getOutput()).isEqualTo(500);
    assertThat(status.getUsage().getCacheRead()).isEqualTo(2000);
    assertThat(status.getUsage().getCacheWrite()).isEqualTo(1000);
    // 5000 × $3 + 500 × $15 + 2000 × $0.30 + 1000 × $3.75 per million tokens
    assertThat(status.getCostMicros()).isEqualTo(15_000 + 7_500 + 600 + 3_750);
    assertThat(status.getProgress()).isEqualTo("Running the tests");
    assertThat(status.getFilesChanged()).containsExactly("repo-a/calc.sh");
    assertThat(status.getResult()).isEqualTo("Fixed add() in calc.sh: it subtracted. The test passes now.");
    assertThat(status.getStartedAt()).isNotNull();
    assertThat(status.getFinishedAt()).isNotNull();

    assertThat(Files.readString(repo.resolve("calc.sh"))).isEqualTo("add() { echo $(( $1 + $2 )); }\n");
    assertThat(run(repo, "sh", "test.sh")).isZero();

    List<Received> requests = bed.models.requests();
    assertThat(requests).hasSize(5);
    String firstResults = requests.get(1).body().path("messages").get(2).toString();
    assertThat(firstResults).contains("toolu_2").contains("exit code 1").contains("FAIL: add 2 3 gave -1, want 5");
    assertThat(requests.get(2).body().path("messages").get(4).toString()).contains("add() { echo $(( $1 - $2 ))");
    assertThat(requests.get(4).body().path("messages").get(8).toString()).contains("exit code 0")
        .contains("ok: add 2 3 = 5");

    // The records add up to the status, and every one carries the owner.
    List<ModelCallRecord> calls = recorder.modelCalls("fix-a");
    assertThat(calls).hasSize(5).allSatisfy(c -> assertThat(c.status()).isEqualTo("ok"));
    assertThat(calls.stream().mapToLong(c -> c.usage().total()).sum()).isEqualTo(8500);
    assertThat(calls.stream().mapToLong(ModelCallRecord::costMicros).sum()).isEqualTo(status.getCostMicros());
    assertThat(recorder.toolCalls("fix-a")).extracting(ToolCallRecord::tool)
        .containsExactly("report_progress", "execute", "read_file", "edit_file", "execute");
    assertThat(recorder.toolCalls("fix-a")).extracting(ToolCallRecord::exitCode)
        .containsExactly(null, 1, null, null, 0);
    assertThat(recorder.identities()).allSatisfy(id -> assertThat(id.owner()).isEqualTo("alice"));
    assertThat(events("fix-a")).contains("TaskRunning", "TaskSucceeded");
  }

  @Test
  void theSameFixOverTheOpenAiWireWithToolCallsThatHaveNoIds() throws Exception {
    Path repo = repository("repo-b");
    bed.models.then(
        sse(ModelStreams.openAi(null, List.of(call(null, "execute",
            "{\"command\":\"sh test.sh\",\"workdir\":\"repo-b\"}")), new Usage(800, 40, 0, 0))),
        sse(ModelStreams.openAi("Rewriting calc.sh.", List.of(call(null, "write_file",
            "{\"path\":\"repo-b/calc.sh\",\"content\":\"add() { echo $(( $1 + $2 )); }\\n\"}"),
            call(null, "execute", "{\"command\":\"sh test.sh\",\"workdir\":\"repo-b\"}")),
            new Usage(900, 60, 700, 0))),
        sse(ModelStreams.openAi("Done: add() adds.", List.of(), new Usage(300, 20, 900, 0))));

    bed.create("fix-b", "gpt", l -> { });
    AgentTask done = bed.await("fix-b", TaskPhase.Succeeded);

    assertThat(done.getStatus().getToolCalls()).isEqualTo(3);
    assertThat(done.getStatus().getUsage().getInput()).isEqualTo(2000);
    assertThat(done.getStatus().getUsage().getCacheRead()).isEqualTo(1600);
    assertThat(done.getStatus().getCostMicros()).isEqualTo(2000 * 3 + 120 * 15 + (1600 * 3 + 5) / 10);
    assertThat(Files.readString(repo.resolve("calc.sh"))).contains("$1 + $2");
    assertThat(run(repo, "sh", "test.sh")).isZero();
    var messages = bed.models.requests().get(2).body().path("messages");
    // Synthesized ids are stable per turn and position, and tie each result to its call.
    assertThat(messages.get(2).path("tool_calls").get(0).path("id").asText()).isEqualTo("kubicle_1_0");
    assertThat(messages.get(3).path("tool_call_id").asText()).isEqualTo("kubicle_1_0");
    assertThat(messages.get(5).path("tool_call_id").asText()).isEqualTo("kubicle_2_0");
    assertThat(messages.get(6).path("tool_call_id").asText()).isEqualTo("kubicle_2_1");
    assertThat(messages.get(6).path("content").asText()).contains("ok: add 2 3 = 5");
  }

  @Test
  void noProviderKeyEverReachesTheWorkspace() throws Exception {
    bed.models.then(
        sse(ModelStreams.anthropic(null, List.of(call("toolu_env", "execute",
            "{\"command\":\"env; grep -r . /proc/self/environ 2>/dev/null | head -c 0; ls -la\"}")),
            new Usage(10, 10, 0, 0))),
        sse(ModelStreams.anthropic("Looked around.", List.of(), new Usage(10, 10, 0, 0))));

    bed.create("look-around", "claude", l -> { });
    AgentTask done = bed.await("look-around", TaskPhase.Succeeded);

    // The key was used: every model request carried it, in its header only.
    List<Received> requests = bed.models.requests();
    assertThat(requests).hasSize(2).allSatisfy(r -> {
      assertThat(r.header("x-api-key")).isEqualTo(TaskBed.KEY);
      assertThat(r.rawBody()).doesNotContain(TaskBed.KEY);
    });
    // What the workspace's environment looked like from inside: the owner is there, the key is not.
    String envOutput = requests.get(1).body().path("messages").get(2).toString();
    assertThat(envOutput).contains("KUBICLE_TASK_OWNER=alice").contains("KUBICLE_TASK=default/look-around")
        .doesNotContain(TaskBed.KEY);
    // The agent process's own environment.
    Path root = bed.home.getParent();
    long pid = Long.parseLong(Files.readString(root.resolve("agent.pid")).strip());
    assertThat(new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")), StandardCharsets.UTF_8))
        .doesNotContain(TaskBed.KEY);
    // Every file of the workspace (its home, the agent's log, keys and pid files).
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
            .doesNotContain(TaskBed.KEY);
      }
    }
    // The agent's manifest, built as the control plane sends it.
    Workspace ws = bed.harness.workspace("dev");
    Template template = bed.harness.template("local");
    assertThat(ManifestBuilder.build(ws, template.getSpec().getAgent(), List.of(), Duration.ofSeconds(30))
        .toString()).doesNotContain(TaskBed.KEY);
    // Nothing in the workspace's namespace (Secrets, ConfigMaps), the task or its events holds it.
    String encoded = Base64.getEncoder().encodeToString(TaskBed.KEY.getBytes(StandardCharsets.UTF_8));
    String namespaceObjects = bed.harness.client().secrets().inNamespace(NS).list().toString()
        + bed.harness.client().configMaps().inNamespace(NS).list().toString()
        + done + bed.harness.client().v1().events().inNamespace(NS).list().toString();
    assertThat(namespaceObjects).doesNotContain(TaskBed.KEY).doesNotContain(encoded);
  }

  private Path repository(String name) throws Exception {
    Path repo = bed.home.resolve(name);
    Files.createDirectories(repo);
    Files.writeString(repo.resolve("calc.sh"), CALC);
    Files.writeString(repo.resolve("test.sh"), TEST);
    assertThat(run(repo, "sh", "test.sh")).as("the test fails before the task").isEqualTo(1);
    return repo;
  }

  private List<String> events(String task) {
    return bed.harness.client().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> task.equals(e.getInvolvedObject().getName())).map(Event::getReason).toList();
  }

  private static int run(Path dir, String... command) throws Exception {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish");
    }
    return p.exitValue();
  }
}
