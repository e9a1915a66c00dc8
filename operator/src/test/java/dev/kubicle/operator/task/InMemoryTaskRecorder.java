package dev.kubicle.operator.task;

import dev.kubicle.operator.task.llm.ConversationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test double for the store's task records: keeps them in memory, across operator restarts within one test (as
 * the store keeps them across real ones), so tests can read what was recorded and resume from it.
 */
public final class InMemoryTaskRecorder implements TaskRecorder {
  private final Map<String, List<ConversationMessage>> conversations = new ConcurrentHashMap<>();
  private final Map<String, List<ModelCallRecord>> modelCalls = new ConcurrentHashMap<>();
  private final Map<String, List<ToolCallRecord>> toolCalls = new ConcurrentHashMap<>();
  private final List<TaskIdentity> identities = new CopyOnWriteArrayList<>();

  @Override
  public void message(TaskIdentity task, int index, ConversationMessage message) {
    List<ConversationMessage> list = conversations.computeIfAbsent(task.uid(), k -> new CopyOnWriteArrayList<>());
    if (index != list.size()) {
      throw new IllegalStateException("message " + index + " recorded after " + list.size() + " messages");
    }
    list.add(message);
    identities.add(task);
  }

  @Override
  public void modelCall(TaskIdentity task, ModelCallRecord call) {
    modelCalls.computeIfAbsent(task.name(), k -> new CopyOnWriteArrayList<>()).add(call);
    identities.add(task);
  }

  @Override
  public void toolCall(TaskIdentity task, ToolCallRecord call) {
    toolCalls.computeIfAbsent(task.name(), k -> new CopyOnWriteArrayList<>()).add(call);
    identities.add(task);
  }

  @Override
  public Optional<List<ConversationMessage>> conversation(TaskIdentity task) {
    List<ConversationMessage> list = conversations.get(task.uid());
    return list == null ? Optional.empty() : Optional.of(new ArrayList<>(list));
  }

  /** The model calls of the task named {@code task}, in order. */
  public List<ModelCallRecord> modelCalls(String task) {
    return List.copyOf(modelCalls.getOrDefault(task, List.of()));
  }

  /** The tool calls of the task named {@code task}, in order. */
  public List<ToolCallRecord> toolCalls(String task) {
    return List.copyOf(toolCalls.getOrDefault(task, List.of()));
  }

  /** The identity every record came with, in order. */
  public List<TaskIdentity> identities() {
    return List.copyOf(identities);
  }
}
