package dev.kubicle.operator.task;

import dev.kubicle.api.v1alpha1.AgentTask;
import dev.kubicle.api.v1alpha1.AgentTaskStatus;
import dev.kubicle.api.v1alpha1.TaskPhase;
import dev.kubicle.api.v1alpha1.TaskStopReason;
import dev.kubicle.operator.kube.EventReason;
import dev.kubicle.operator.task.llm.ConversationMessage;
import dev.kubicle.operator.task.llm.ModelCallException;
import dev.kubicle.operator.task.llm.ModelReply;
import dev.kubicle.operator.task.llm.ModelRequest;
import dev.kubicle.operator.task.llm.TokenCounts;
import dev.kubicle.operator.task.llm.ToolCall;
import dev.kubicle.operator.task.llm.ToolDefinition;
import dev.kubicle.operator.task.llm.ToolResult;
import dev.kubicle.operator.task.llm.UserIds;
import dev.kubicle.operator.task.model.ModelSettings;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's agent loop: call the model, run the tools it asks for, feed the results back, until the model ends
 * its turn or a limit stops it. Each step is a continuation on the shared executor, so a task waiting on the model
 * or a tool holds no thread. Status is written after a turn at most once a second, and at the end.
 */
final class TaskLoop {
  private static final Logger LOG = LoggerFactory.getLogger(TaskLoop.class);
  private static final int RESULT_CHARS = 4000;
  static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

  private final AgentTask task;
  private final TaskIdentity id;
  private final WorkspaceBinding binding;
  private final ResourceID workspace;
  private final ModelSettings model;
  private final String apiKey;
  private final EffectiveLimits limits;
  private final List<ToolDefinition> tools;
  private final List<String> toolNames;
  private final String system;
  private final TaskDependencies deps;
  private final Instant startedAt;

  private final List<ConversationMessage> messages = new ArrayList<>();
  private final StuckDetector stuck;
  private final TaskTally tally = new TaskTally();

  private final AtomicReference<Stop> stop = new AtomicReference<>();
  private final AtomicBoolean finished = new AtomicBoolean();
  private final CompletableFuture<TaskStopReason> done = new CompletableFuture<>();
  private volatile CompletableFuture<?> current;
  private volatile ScheduledFuture<?> deadline;
  /** The task as last written, so a turn's status write needs no read first. */
  private volatile AgentTask written;
  private long lastProgressWrite;

  /** A stop asked for from outside the loop (cancel, timeout), with what to tell the user. */
  private record Stop(TaskStopReason reason, String message) {}

  TaskLoop(AgentTask task, TaskIdentity id, WorkspaceBinding binding, ModelSettings model, String apiKey,
      EffectiveLimits limits, List<ToolDefinition> tools, TaskDependencies deps, Instant startedAt) {
    this.task = task;
    this.id = id;
    this.binding = binding;
    this.workspace = new ResourceID(id.workspace(), id.namespace());
    this.model = model;
    this.apiKey = apiKey;
    this.limits = limits;
    this.tools = tools;
    this.toolNames = tools.stream().map(ToolDefinition::name).toList();
    this.system = SystemPrompt.text(id);
    this.deps = deps;
    this.startedAt = startedAt;
    this.stuck = new StuckDetector(limits.stuckThreshold());
  }

  /** Completes with the stop reason once the loop has ended and its final status is written. */
  CompletableFuture<TaskStopReason> done() {
    return done;
  }

  /** Starts a new task from its prompt. */
  void start() {
    deps.executor().execute(() -> guarded(() -> {
      armDeadline();
      if (!running("Running", EventReason.TaskRunning, "Working on " + id.workspace() + " with model "
          + model.id())) {
        return;
      }
      append(ConversationMessage.user(task.getSpec().getPrompt()));
      turn();
    }));
  }

  /**
   * Continues a task from its recorded conversation after an operator restart. Tool calls of the last assistant
   * message that have no results are sent again under their request ids: the agent answers those it already ran
   * from its store.
   */
  void resume(List<ConversationMessage> recorded, AgentTaskStatus status) {
    deps.executor().execute(() -> guarded(() -> {
      armDeadline();
      messages.addAll(recorded);
      tally.recount(recorded, status, stuck);
      if (!running("Resumed", EventReason.TaskResumed, "Resumed after an operator restart at turn "
          + tally.turns)) {
        return;
      }
      ConversationMessage last = messages.get(messages.size() - 1);
      if (last.role() == ConversationMessage.Role.ASSISTANT && !last.toolCalls().isEmpty()) {
        runTools(last, 0, new ArrayList<>());
      } else if (last.role() == ConversationMessage.Role.ASSISTANT) {
        finish(TaskStopReason.END_TURN, "The model finished", last.text());
      } else {
        turn();
      }
    }));
  }

  /** Asks the loop to stop now (cancel, or the task's deadline); the step in flight is abandoned. */
  void requestStop(TaskStopReason reason, String message) {
    if (stop.compareAndSet(null, new Stop(reason, message))) {
      CompletableFuture<?> inFlight = current;
      if (inFlight != null) {
        inFlight.cancel(true);
      }
      deps.executor().execute(() -> guarded(() -> finish(reason, message, null)));
    }
  }

  /** The workspace this loop is bound to (by UID). */
  WorkspaceBinding binding() {
    return binding;
  }

  /**
   * Stops the loop when its workspace is gone or replaced (called on the workspace's watch events): the step in
   * flight is abandoned, no further tool call is sent.
   */
  void checkBinding() {
    if (!stopped()) {
      deps.bindings().check(binding).ifPresent(loss -> requestStop(loss.reason(), loss.message()));
    }
  }

  private void turn() {
    if (stopped()) {
      return;
    }
    if (tally.turns >= limits.maxTurns()) {
      finish(TaskStopReason.MAX_TURNS, "Stopped after " + tally.turns + " turns (limits.maxTurns)", null);
      return;
    }
    if (budgetReached()) {
      return;
    }
    deps.activity().accept(workspace);
    Instant calledAt = deps.clock().instant();
    int turn = tally.turns + 1;
    ModelRequest request = new ModelRequest(model, apiKey, system, List.copyOf(messages), tools,
        UserIds.opaque(id.owner()));
    CompletableFuture<ModelReply> call = deps.models().call(request);
    current = call;
    call.whenCompleteAsync((reply, error) -> guarded(() -> onReply(turn, calledAt, reply, error)),
        deps.executor());
  }

  private void onReply(int turn, Instant calledAt, ModelReply reply, Throwable error) {
    if (stopped()) {
      return;
    }
    if (error != null) {
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      String message = cause instanceof ModelCallException ? cause.getMessage() : "the model call failed: " + cause;
      deps.recorder().modelCall(id, new ModelCallRecord(calledAt, turn, model.provider().name(),
          model.provider().type().configName(), model.id(), "error", null, TokenCounts.ZERO,
          model.costMicros(TokenCounts.ZERO), 0, Duration.between(calledAt, deps.clock().instant()).toMillis(),
          message));
      finish(TaskStopReason.ERROR, "Model " + model.id() + ": " + message, null);
      return;
    }
    tally.turns = turn;
    tally.usage = tally.usage.plus(reply.usage());
    List<ToolCall> calls = ToolCallIds.stable(turn, reply.toolCalls());
    deps.recorder().modelCall(id, new ModelCallRecord(calledAt, turn, model.provider().name(),
        model.provider().type().configName(), model.id(), "ok", reply.stopReason(), reply.usage(),
        model.costMicros(reply.usage()), reply.attempts(), reply.latencyMillis(), null));
    ConversationMessage answer = ConversationMessage.assistant(reply.text(), calls, reply.usage());
    append(answer);
    if (calls.isEmpty()) {
      finish(TaskStopReason.END_TURN, "The model finished after " + tally.turns + " turns", reply.text());
      return;
    }
    if (budgetReached()) {
      return;
    }
    if (tally.turns >= limits.maxTurns()) {
      // Results the model would never read are not worth running.
      finish(TaskStopReason.MAX_TURNS, "Stopped after " + tally.turns + " turns (limits.maxTurns); the last "
          + calls.size() + " tool call(s) were not run", null);
      return;
    }
    long contextUsed = reply.usage().input() + reply.usage().cacheRead() + reply.usage().cacheWrite()
        + reply.usage().output();
    if (contextUsed >= model.contextLimit()) {
      finish(TaskStopReason.ERROR, "The conversation has outgrown the model's context (" + contextUsed + " of "
          + model.contextLimit() + " tokens)", null);
      return;
    }
    for (ToolCall call : calls) {
      if (stuck.stuckAfter(call)) {
        finish(TaskStopReason.STUCK, "Stuck: the model asked for the same " + call.name() + " call "
            + limits.stuckThreshold() + " times in a row (limits.stuckThreshold)", null);
        return;
      }
    }
    runTools(answer, 0, new ArrayList<>());
  }

  /** Runs the calls of {@code answer} one after another (in order: later calls may depend on earlier edits). */
  private void runTools(ConversationMessage answer, int index, List<ToolResult> results) {
    if (stopped()) {
      return;
    }
    if (index == answer.toolCalls().size()) {
      append(ConversationMessage.toolResults(results));
      writeProgress();
      turn();
      return;
    }
    ToolCall call = answer.toolCalls().get(index);
    String requestId = ToolCallIds.requestId(id, tally.turns, index, call);
    Instant started = deps.clock().instant();
    long startNanos = System.nanoTime();
    deps.activity().accept(workspace);
    CompletableFuture<ToolOutcome> running = deps.tools().run(call, requestId, id, binding, limits, toolNames);
    current = running;
    running.whenCompleteAsync((outcome, error) -> guarded(() -> {
      if (stopped()) {
        return;
      }
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      if (cause instanceof WorkspaceLostException lost) {
        finish(lost.loss().reason(), lost.loss().message(), null);
        return;
      }
      ToolOutcome o = error == null ? outcome : ToolOutcome.failure("the tool failed: " + error);
      tally.toolCalls++;
      if (o.changedPath() != null) {
        tally.filesChanged.add(o.changedPath());
      }
      if (o.progress() != null) {
        tally.progress = o.progress();
      }
      deps.recorder().toolCall(id, new ToolCallRecord(started, tally.turns, call.id(), requestId, call.name(),
          Redaction.arguments(call), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), o.exitCode(),
          o.outputBytes(), o.truncated(), o.error(), o.error() ? o.content() : null));
      results.add(new ToolResult(call.id(), o.content(), o.error()));
      runTools(answer, index + 1, results);
    }), deps.executor());
  }

  private boolean budgetReached() {
    if (limits.maxTokens() != null && tally.usage.total() >= limits.maxTokens()) {
      finish(TaskStopReason.TOKEN_BUDGET, "Token budget reached: " + tally.usage.total() + " of "
          + limits.maxTokens() + " tokens (limits.maxTokens)", null);
      return true;
    }
    Long cost = model.costMicros(tally.usage);
    if (limits.maxCostMicros() != null && cost != null && cost >= limits.maxCostMicros()) {
      finish(TaskStopReason.COST_BUDGET, "Cost budget reached: " + cost + " of " + limits.maxCostMicros()
          + " micro-dollars (limits.maxCostMicros)", null);
      return true;
    }
    return false;
  }

  private void append(ConversationMessage message) {
    deps.recorder().message(id, messages.size(), message);
    messages.add(message);
  }

  private boolean running(String word, EventReason reason, String message) {
    written = deps.status().update(id.namespace(), id.name(), s -> {
      s.setPhase(TaskPhase.Running);
      s.setMessage(message);
      if (s.getStartedAt() == null) {
        s.setStartedAt(startedAt.toString());
      }
      snapshot(s);
    });
    lastProgressWrite = System.nanoTime();
    if (written == null) {
      gone();
      return false;
    }
    deps.events().record(task, reason, message);
    LOG.info("task {} {} (owner {}, model {})", id, word.toLowerCase(), id.owner(), model.id());
    return true;
  }

  /** Progress goes to status at most once per {@link #PROGRESS_INTERVAL}: fast turns must not flood the API. */
  private void writeProgress() {
    long now = System.nanoTime();
    if (now - lastProgressWrite < PROGRESS_INTERVAL.toNanos()) {
      return;
    }
    lastProgressWrite = now;
    written = deps.status().update(written, id.namespace(), id.name(), this::snapshot);
    if (written == null) {
      gone();
    }
  }

  private void snapshot(AgentTaskStatus s) {
    tally.into(s, model);
  }

  private void finish(TaskStopReason reason, String message, String result) {
    Stop requested = stop.get();
    if (requested != null && requested.reason() != reason) {
      reason = requested.reason();
      message = requested.message();
      result = null;
    }
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    stop.compareAndSet(null, new Stop(reason, message));
    ScheduledFuture<?> timer = deadline;
    if (timer != null) {
      timer.cancel(false);
    }
    TaskPhase phase = switch (reason) {
      case END_TURN -> TaskPhase.Succeeded;
      case CANCELLED -> TaskPhase.Cancelled;
      default -> TaskPhase.Failed;
    };
    TaskStopReason why = reason;
    String text = message;
    String summary = result == null ? null : result.length() > RESULT_CHARS
        ? result.substring(0, RESULT_CHARS) + "..." : result;
    try {
      AgentTask last = deps.status().update(written, id.namespace(), id.name(), s -> {
        snapshot(s);
        s.setPhase(phase);
        s.setStopReason(why);
        s.setMessage(text);
        s.setResult(summary);
        s.setFinishedAt(deps.clock().instant().toString());
      });
      if (last != null) {
        deps.counters().ended(why);
        EventReason event = phase == TaskPhase.Succeeded ? EventReason.TaskSucceeded
            : phase == TaskPhase.Cancelled ? EventReason.TaskCancelled : EventReason.TaskFailed;
        deps.events().record(task, event, text);
      }
      LOG.info("task {} {} ({}): {}", id, phase, why, text);
    } finally {
      done.complete(why);
    }
  }

  private boolean stopped() {
    return stop.get() != null || finished.get();
  }

  private void gone() {
    LOG.info("task {} was deleted; its loop ends", id);
    stop.compareAndSet(null, new Stop(TaskStopReason.CANCELLED, "deleted"));
    finished.set(true);
    done.complete(TaskStopReason.CANCELLED);
  }

  private void armDeadline() {
    Duration left = limits.timeout().minus(Duration.between(startedAt, deps.clock().instant()));
    deadline = deps.timer().schedule(() -> requestStop(TaskStopReason.TIMEOUT, limits.timeoutMessage()),
        Math.max(0, left.toMillis()), TimeUnit.MILLISECONDS);
  }

  /** A step that throws must still end the task, with the error, rather than leave it Running forever. */
  private void guarded(Runnable step) {
    if (deps.closed().get()) {
      return;
    }
    try {
      step.run();
    } catch (RuntimeException e) {
      if (deps.closed().get()) {
        return; // the operator is stopping: whatever failed, a restarted operator takes the task over
      }
      LOG.warn("task {} failed in the loop", id, e);
      if (!finished.get()) {
        try {
          finish(TaskStopReason.ERROR, "Internal error in the task loop: " + e.getMessage(), null);
        } catch (RuntimeException again) {
          LOG.warn("task {}: could not record the failure", id, again);
          done.complete(TaskStopReason.ERROR);
        }
      }
    }
  }
}
