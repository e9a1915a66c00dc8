package dev.kubicle.operator.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.operator.agentapi.AgentCallException;
import dev.kubicle.operator.agentapi.AgentRegistry;
import dev.kubicle.operator.agentapi.AgentSession;
import dev.kubicle.operator.kube.Json;
import dev.kubicle.operator.task.llm.ToolCall;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the model's tool calls in the workspace through the agent connection. Each call goes out under a request id
 * derived from the task, turn and tool-call id: the agent runs an id once and answers repeats from its store, so
 * a call re-sent after a dropped connection or an operator restart never runs twice. Every failure comes back as
 * an error result for the model, never as an exception.
 */
final class TaskTools {
  /** How long past the command's own timeout the agent's answer may take to arrive. */
  private static final Duration ANSWER_GRACE = Duration.ofSeconds(10);
  private static final Duration RECONNECT_POLL = Duration.ofMillis(250);

  private final AgentRegistry agents;
  private final BindingCheck bindings;
  private final Executor executor;

  TaskTools(AgentRegistry agents, BindingCheck bindings, Executor executor) {
    this.agents = agents;
    this.bindings = bindings;
    this.executor = executor;
  }

  /**
   * Runs {@code call}; completes normally in every case (failures are error outcomes) but one: when the task's
   * workspace is gone or replaced it completes with a {@link WorkspaceLostException}, which ends the task.
   */
  CompletableFuture<ToolOutcome> run(ToolCall call, String requestId, TaskIdentity task, WorkspaceBinding workspace,
      EffectiveLimits limits, List<String> offered) {
    try {
      if (call.invalidArguments() != null) {
        return done(ToolOutcome.failure(call.name() + " was not run: " + call.invalidArguments()));
      }
      if (!offered.contains(call.name())) {
        return done(ToolOutcome.failure("unknown tool \"" + call.name() + "\": use one of "
            + String.join(", ", offered)));
      }
      JsonNode in = call.input();
      return switch (call.name()) {
        case ToolDefinitions.REPORT_PROGRESS -> {
          String message = text(in, "message");
          String line = message.strip().replaceAll("\\s+", " ");
          yield done(new ToolOutcome("noted", false, null, 0, false, null,
              line.length() > 160 ? line.substring(0, 157) + "..." : line));
        }
        case ToolDefinitions.EXECUTE -> execute(in, requestId, task, workspace, limits);
        case ToolDefinitions.READ_FILE -> readFile(in, requestId, task, workspace, limits);
        case ToolDefinitions.WRITE_FILE -> {
          String path = text(in, "path");
          ObjectNode params = params(task).put("path", path).put("content", text(in, "content"))
              .put("createDirs", true);
          yield agentCall(workspace, requestId, "write_file", params, limits.toolTimeout())
              .thenApply(r -> new ToolOutcome("wrote " + r.path("bytes").asLong() + " bytes to " + path, false,
                  null, 0, false, path, null))
              .exceptionally(TaskTools::failed);
        }
        case ToolDefinitions.EDIT_FILE -> {
          String path = text(in, "path");
          ObjectNode params = params(task).put("path", path).put("oldText", text(in, "old_text"))
              .put("newText", text(in, "new_text")).put("replaceAll", in.path("replace_all").asBoolean(false));
          yield agentCall(workspace, requestId, "edit_file", params, limits.toolTimeout())
              .thenApply(r -> {
                String diff = r.path("diff").asText("");
                String text = OutputCap.cap("replaced " + r.path("replacements").asInt() + " occurrence(s)\n"
                    + diff, limits.toolOutputBytes());
                return new ToolOutcome(text, false, null, OutputCap.bytes(diff), text.length() < diff.length(),
                    path, null);
              })
              .exceptionally(TaskTools::failed);
        }
        default -> done(ToolOutcome.failure("unknown tool \"" + call.name() + "\""));
      };
    } catch (IllegalArgumentException e) {
      return done(ToolOutcome.failure(call.name() + " was not run: " + e.getMessage()));
    }
  }

  private CompletableFuture<ToolOutcome> execute(JsonNode in, String requestId, TaskIdentity task,
      WorkspaceBinding workspace, EffectiveLimits limits) {
    Duration timeout = limits.toolTimeout();
    if (in.hasNonNull("timeout_seconds")) {
      long asked = in.get("timeout_seconds").asLong();
      if (asked > 0 && asked < timeout.toSeconds()) {
        timeout = Duration.ofSeconds(asked);
      }
    }
    ObjectNode params = params(task).put("command", text(in, "command"))
        .put("timeoutMs", timeout.toMillis()).put("maxOutputBytes", limits.toolOutputBytes());
    if (in.hasNonNull("workdir")) {
      params.put("workdir", in.get("workdir").asText());
    }
    ObjectNode env = params.putObject("env");
    // Nothing may wait for a human; the process knows whose task it serves.
    env.put("GIT_EDITOR", "true").put("EDITOR", "true").put("VISUAL", "true")
        .put("KUBICLE_TASK", task.namespace() + "/" + task.name()).put("KUBICLE_TASK_OWNER", task.owner());
    Duration limit = timeout;
    return agentCall(workspace, requestId, "exec", params, timeout.plus(ANSWER_GRACE)).thenApply(r -> {
      boolean timedOut = r.path("timedOut").asBoolean(false);
      Integer exit = r.hasNonNull("exitCode") ? r.get("exitCode").asInt() : null;
      String stdout = r.path("stdout").asText("");
      String stderr = r.path("stderr").asText("");
      StringBuilder text = new StringBuilder();
      text.append(timedOut ? "timed out after " + limit.toSeconds() + " s (the command was killed)"
          : "exit code " + exit).append('\n');
      text.append(stdout);
      if (!stderr.isEmpty()) {
        text.append(stdout.isEmpty() || stdout.endsWith("\n") ? "" : "\n").append("[stderr]\n").append(stderr);
      }
      if (r.path("truncated").asBoolean(false)) {
        text.append("\n[output truncated by the workspace at ").append(limits.toolOutputBytes()).append(" bytes]");
      }
      String capped = OutputCap.cap(text.toString(), limits.toolOutputBytes());
      return new ToolOutcome(capped, timedOut, exit, OutputCap.bytes(stdout) + OutputCap.bytes(stderr),
          r.path("truncated").asBoolean(false) || capped.length() < text.length(), null, null);
    }).exceptionally(TaskTools::failed);
  }

  private CompletableFuture<ToolOutcome> readFile(JsonNode in, String requestId, TaskIdentity task,
      WorkspaceBinding workspace, EffectiveLimits limits) {
    ObjectNode params = params(task).put("path", text(in, "path"));
    int start = in.path("start_line").asInt(1);
    if (in.hasNonNull("start_line")) {
      params.put("startLine", start);
    }
    if (in.hasNonNull("end_line")) {
      params.put("endLine", in.get("end_line").asInt());
    }
    return agentCall(workspace, requestId, "read_file", params, limits.toolTimeout()).thenApply(r -> {
      String content = r.path("content").asText("");
      StringBuilder numbered = new StringBuilder();
      String[] lines = content.split("\n", -1);
      int count = content.isEmpty() ? 0 : content.endsWith("\n") ? lines.length - 1 : lines.length;
      for (int i = 0; i < count; i++) {
        numbered.append(String.format("%6d\t%s%n", Math.max(1, start) + i, lines[i]));
      }
      numbered.append("(").append(r.path("totalLines").asInt()).append(" lines in the file)");
      String capped = OutputCap.cap(numbered.toString(), limits.toolOutputBytes());
      return new ToolOutcome(capped, false, null, OutputCap.bytes(content), capped.length() < numbered.length(),
          null, null);
    }).exceptionally(TaskTools::failed);
  }

  /**
   * Sends the request, and sends it again under the same id when the agent was not connected or dropped the
   * connection before answering, until {@code limit} has passed.
   */
  private CompletableFuture<JsonNode> agentCall(WorkspaceBinding workspace, String id, String method,
      ObjectNode params, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    CompletableFuture<JsonNode> result = new CompletableFuture<>();
    attempt(workspace, id, method, params, deadline, result);
    return result;
  }

  private void attempt(WorkspaceBinding workspace, String id, String method, ObjectNode params, long deadline,
      CompletableFuture<JsonNode> result) {
    long remaining = deadline - System.nanoTime();
    if (result.isDone()) {
      return;
    }
    if (remaining <= 0) {
      result.completeExceptionally(new AgentCallException("timeout", method + " got no answer from the workspace "
          + "in time (the per-tool timeout)"));
      return;
    }
    Optional<AgentSession> session = agents.session(new ResourceID(workspace.name(), workspace.namespace()));
    // A session that belongs to a workspace re-created under this name carries another UID: caught here, before
    // anything is sent to it (see BindingCheck).
    Optional<WorkspaceBinding.Loss> lost = bindings.check(workspace, session);
    if (lost.isPresent()) {
      result.completeExceptionally(new WorkspaceLostException(lost.get()));
      return;
    }
    if (session.isEmpty()) {
      retryLater(workspace, id, method, params, deadline, result);
      return;
    }
    session.get().connection().call(id, method, params, Duration.ofNanos(remaining)).whenComplete((r, e) -> {
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      if (cause == null) {
        result.complete(r);
      } else if (cause instanceof AgentCallException a && a.code().equals("disconnected")) {
        retryLater(workspace, id, method, params, deadline, result);
      } else if (cause instanceof TimeoutException) {
        result.completeExceptionally(new AgentCallException("timeout", method + " got no answer from the "
            + "workspace in time (the per-tool timeout)"));
      } else {
        result.completeExceptionally(cause);
      }
    });
  }

  private void retryLater(WorkspaceBinding workspace, String id, String method, ObjectNode params, long deadline,
      CompletableFuture<JsonNode> result) {
    CompletableFuture.runAsync(() -> attempt(workspace, id, method, params, deadline, result),
        CompletableFuture.delayedExecutor(RECONNECT_POLL.toMillis(), TimeUnit.MILLISECONDS, executor));
  }

  /** Every request says whom it acts for: the agent may log it; unknown params are ignored by older agents. */
  private static ObjectNode params(TaskIdentity task) {
    ObjectNode params = Json.mapper().createObjectNode();
    params.putObject("actor").put("user", task.owner()).put("task", task.namespace() + "/" + task.name());
    return params;
  }

  private static String text(JsonNode in, String field) {
    JsonNode value = in.get(field);
    if (value == null || value.isNull() || !value.isTextual()) {
      throw new IllegalArgumentException("argument \"" + field + "\" (a string) is required");
    }
    return value.asText();
  }

  private static ToolOutcome failed(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof WorkspaceLostException lost) {
      throw lost; // not a tool error for the model: the task ends
    }
    String message = cause instanceof AgentCallException ? cause.getMessage() : "the tool failed: " + cause;
    return ToolOutcome.failure(message);
  }

  private static CompletableFuture<ToolOutcome> done(ToolOutcome outcome) {
    return CompletableFuture.completedFuture(outcome);
  }
}
