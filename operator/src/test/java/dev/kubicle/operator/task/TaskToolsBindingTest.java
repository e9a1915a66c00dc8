package dev.kubicle.operator.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubicle.api.v1alpha1.TaskLimits;
import dev.kubicle.api.v1alpha1.TaskStopReason;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.agentapi.AgentRegistry;
import dev.kubicle.operator.agentapi.AgentSession;
import dev.kubicle.operator.agentapi.FakeAgentSessions;
import dev.kubicle.operator.kube.Json;
import dev.kubicle.operator.task.llm.ToolCall;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, hole 1, the path a tool call takes while its agent is away: the call waits for the agent to come back
 * (up to its tool timeout), and on main (789eda3) it was sent to whichever agent came back under the workspace's
 * name, a re-created workspace's included. Now every attempt checks the bound UID first.
 */
class TaskToolsBindingTest {
  private static final WorkspaceBinding ALICES_DEV = new WorkspaceBinding("team", "dev", "uid-alice", "alice");
  private static final TaskIdentity TASK = new TaskIdentity("team", "fix", "task-uid", "alice", "dev");

  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final AtomicReference<Workspace> live = new AtomicReference<>(workspace("uid-alice", "alice"));
  private final AgentRegistry agents = new AgentRegistry(Clock.systemUTC());
  private final TaskTools tools = new TaskTools(agents,
      new BindingCheck((ns, name) -> Optional.ofNullable(live.get())), executor);

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  @Test
  void aCallWaitingForItsAgentEndsTheTaskWhenTheWorkspaceIsReplacedInsteadOfGoingToTheNewOne() {
    CompletableFuture<ToolOutcome> call = execute();
    assertThat(call).as("waits for alice's agent").isNotDone();

    live.set(workspace("uid-bob", "bob")); // deleted, and bob's "dev" stands there now

    await().atMost(Duration.ofSeconds(10)).until(call::isDone);
    assertThat(lossOf(call).reason()).isEqualTo(TaskStopReason.WORKSPACE_REPLACED);
    assertThat(lossOf(call).message()).contains("uid-bob");
  }

  /**
   * The agent of a re-created "dev" connects before the Workspace cache sees the new workspace (the cache still says
   * uid-alice). Before sessions carried their workspace's UID the call was sent to that agent; now the session's
   * UID refuses it.
   */
  @Test
  void aCallIsNeverSentToAnAgentAdmittedForAnotherWorkspaceOfTheSameNameEvenWhileTheCacheLags() {
    FakeAgentSessions.connect(agents, new ResourceID("dev", "team"), "uid-bob");

    CompletableFuture<ToolOutcome> call = execute();

    await().atMost(Duration.ofSeconds(10)).until(call::isDone);
    assertThat(lossOf(call).reason()).isEqualTo(TaskStopReason.WORKSPACE_REPLACED);
    assertThat(lossOf(call).message()).contains("uid-bob").contains("uid-alice");
  }

  @Test
  void aCallGoesToTheAgentAdmittedForTheBoundWorkspace() {
    AgentSession session = FakeAgentSessions.connect(agents, new ResourceID("dev", "team"), "uid-alice");

    assertThat(new BindingCheck((ns, name) -> Optional.ofNullable(live.get())).check(ALICES_DEV,
        Optional.of(session))).isEmpty();
  }

  @Test
  void aCallToADeletedWorkspaceEndsTheTaskAtOnce() {
    live.set(null);

    CompletableFuture<ToolOutcome> call = execute();

    await().atMost(Duration.ofSeconds(10)).until(call::isDone);
    assertThat(lossOf(call).reason()).isEqualTo(TaskStopReason.WORKSPACE_DELETED);
  }

  @Test
  void toolsThatTouchNoWorkspaceStillRun() {
    live.set(null);
    ToolCall progress = new ToolCall("toolu_p", ToolDefinitions.REPORT_PROGRESS,
        Json.mapper().createObjectNode().put("message", "thinking"), null);

    ToolOutcome outcome = tools.run(progress, "req-p", TASK, ALICES_DEV, EffectiveLimits.of(new TaskLimits(),
        Duration.ofHours(4)), List.of(ToolDefinitions.REPORT_PROGRESS)).join();

    assertThat(outcome.error()).isFalse();
  }

  private CompletableFuture<ToolOutcome> execute() {
    TaskLimits limits = new TaskLimits();
    limits.setToolTimeout("30s");
    ToolCall call = new ToolCall("toolu_1", ToolDefinitions.EXECUTE,
        Json.mapper().createObjectNode().put("command", "cat secret.txt"), null);
    return tools.run(call, "req-1", TASK, ALICES_DEV, EffectiveLimits.of(limits, Duration.ofHours(4)),
        List.of(ToolDefinitions.EXECUTE));
  }

  private static WorkspaceBinding.Loss lossOf(CompletableFuture<ToolOutcome> call) {
    try {
      call.join();
    } catch (CompletionException e) {
      assertThat(e.getCause()).isInstanceOf(WorkspaceLostException.class);
      return ((WorkspaceLostException) e.getCause()).loss();
    }
    throw new AssertionError("the call completed normally: " + call.join());
  }

  private static Workspace workspace(String uid, String owner) {
    Workspace ws = new Workspace();
    ws.setMetadata(new ObjectMetaBuilder().withNamespace("team").withName("dev").withUid(uid).build());
    ws.getSpec().setOwner(owner);
    return ws;
  }
}
