package dev.kubicle.operator.task;

import dev.kubicle.api.v1alpha1.AgentTaskStatus;
import dev.kubicle.api.v1alpha1.TokenUsage;
import dev.kubicle.operator.task.llm.ConversationMessage;
import dev.kubicle.operator.task.llm.TokenCounts;
import dev.kubicle.operator.task.model.ModelSettings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What a task has done so far (turns, tool calls, tokens, progress, files) and how it shows in status. */
final class TaskTally {
  int turns;
  int toolCalls;
  TokenCounts usage = TokenCounts.ZERO;
  String progress;
  final Set<String> filesChanged = new LinkedHashSet<>();

  /** Counts a recorded conversation again (a resumed task): usage comes from each answer's own record. */
  void recount(List<ConversationMessage> recorded, AgentTaskStatus status, StuckDetector stuck) {
    for (ConversationMessage m : recorded) {
      if (m.role() == ConversationMessage.Role.ASSISTANT) {
        turns++;
        usage = usage.plus(m.usage() == null ? TokenCounts.ZERO : m.usage());
        m.toolCalls().forEach(stuck::stuckAfter);
      }
      toolCalls += m.results().size();
    }
    progress = status.getProgress();
    if (status.getFilesChanged() != null) {
      filesChanged.addAll(status.getFilesChanged());
    }
  }

  /** Writes the counts into {@code s}; cost stays absent for a model without a price. */
  void into(AgentTaskStatus s, ModelSettings model) {
    s.setTurns(turns);
    s.setToolCalls(toolCalls);
    TokenUsage u = new TokenUsage();
    u.setInput(usage.input());
    u.setOutput(usage.output());
    u.setCacheRead(usage.cacheRead());
    u.setCacheWrite(usage.cacheWrite());
    s.setUsage(u);
    s.setCostMicros(model.costMicros(usage));
    s.setProgress(progress);
    s.setFilesChanged(new ArrayList<>(filesChanged));
  }
}
