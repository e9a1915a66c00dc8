package dev.kubicle.operator.task;

import dev.kubicle.operator.task.llm.ToolCall;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Ids for tool calls: stable ones where a server sent none (or a bad or repeated one), and the agent's request ids. */
final class ToolCallIds {
  private ToolCallIds() {}

  /** Calls whose id is missing, malformed or repeated in this answer get kubicle_{turn}_{index}. */
  static List<ToolCall> stable(int turn, List<ToolCall> calls) {
    List<ToolCall> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < calls.size(); i++) {
      ToolCall c = calls.get(i);
      boolean usable = c.id() != null && !c.id().isBlank() && c.id().length() <= 64
          && c.id().matches("[A-Za-z0-9_-]+") && seen.add(c.id());
      out.add(usable ? c : c.withId("kubicle_" + turn + "_" + i));
    }
    return out;
  }

  /**
   * The agent's idempotency key for a tool call: task, turn and position make it unique even when a server
   * reuses or omits ids (or two tasks share a workspace); the tool-call id keeps it readable in the records.
   */
  static String requestId(TaskIdentity task, int turn, int index, ToolCall call) {
    return "task-" + task.uid() + "-t" + turn + "-" + index + "-" + call.id();
  }
}
