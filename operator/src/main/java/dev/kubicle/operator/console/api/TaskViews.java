package dev.kubicle.operator.console.api;

import dev.kubicle.api.v1alpha1.AgentTask;
import dev.kubicle.api.v1alpha1.TaskPhase;
import dev.kubicle.operator.store.ModelCallEntry;
import dev.kubicle.operator.store.MonthlyUsage;
import dev.kubicle.operator.store.TaskRecord;
import dev.kubicle.operator.store.ToolCallEntry;
import dev.kubicle.operator.store.TranscriptEntry;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/** The API's JSON for task records: transcript entries, model and tool calls, and monthly usage rows. */
final class TaskViews {
  private TaskViews() {}

  static boolean ended(AgentTask task) {
    TaskPhase phase = task.getStatus() == null ? null : task.getStatus().getPhase();
    return phase == TaskPhase.Succeeded || phase == TaskPhase.Failed || phase == TaskPhase.Cancelled;
  }

  /**
   * One transcript entry: the message as recorded ({@code role}, {@code text}, {@code toolCalls}, {@code results},
   * {@code usage}), or none when it was omitted at the task's cap; texts are JSON strings, never markup.
   */
  static JsonObject entry(TranscriptEntry e) {
    JsonObject view = new JsonObject().put("seq", e.seq()).put("at", e.at().toString()).put("role", e.role())
        .put("bytes", e.bytes()).put("cut", e.cut()).put("omitted", e.omitted());
    if (e.omitted()) {
      view.put("note", "not kept: the task's transcript had reached its size cap");
    } else if (e.body() != null) {
      try {
        view.put("message", new JsonObject(e.body()));
      } catch (DecodeException bad) {
        view.put("note", "the stored message is not readable JSON");
      }
    }
    return view;
  }

  static JsonObject modelCall(TaskRecord<ModelCallEntry> r) {
    ModelCallEntry c = r.entry();
    return identity(r).put("at", c.at().toString()).put("turn", c.turn()).put("provider", c.provider())
        .put("providerType", c.providerType()).put("model", c.model()).put("status", c.status())
        .put("stopReason", c.stopReason())
        .put("usage", tokens(c.inputTokens(), c.outputTokens(), c.cacheReadTokens(), c.cacheWriteTokens()))
        .put("costMicros", c.costMicros()).put("attempts", c.attempts()).put("latencyMillis", c.latencyMillis())
        .put("error", c.error());
  }

  static JsonObject toolCall(TaskRecord<ToolCallEntry> r) {
    ToolCallEntry c = r.entry();
    return identity(r).put("at", c.at().toString()).put("turn", c.turn()).put("toolCallId", c.toolCallId())
        .put("requestId", c.requestId()).put("tool", c.tool()).put("arguments", c.arguments())
        .put("durationMillis", c.durationMillis()).put("exitCode", c.exitCode()).put("outputBytes", c.outputBytes())
        .put("truncated", c.truncated()).put("error", c.error()).put("errorMessage", c.errorMessage());
  }

  static JsonObject usage(MonthlyUsage u) {
    return new JsonObject().put("month", u.month()).put("owner", u.owner()).put("ownerKey", u.ownerKey())
        .put("provider", u.provider()).put("model", u.model()).put("calls", u.calls())
        .put("usage", tokens(u.inputTokens(), u.outputTokens(), u.cacheReadTokens(), u.cacheWriteTokens()))
        .put("costMicros", u.costMicros()).put("unpricedCalls", u.unpricedCalls());
  }

  static JsonObject tokens(long input, long output, long cacheRead, long cacheWrite) {
    return new JsonObject().put("input", input).put("output", output).put("cacheRead", cacheRead)
        .put("cacheWrite", cacheWrite);
  }

  private static JsonObject identity(TaskRecord<?> r) {
    return new JsonObject().put("id", r.id()).put("namespace", r.task().namespace()).put("task", r.task().name())
        .put("taskUid", r.task().uid()).put("owner", r.task().owner()).put("ownerKey", r.ownerKey());
  }
}
