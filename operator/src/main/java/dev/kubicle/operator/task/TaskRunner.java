package dev.kubicle.operator.task;

import dev.kubicle.api.v1alpha1.AgentTask;
import dev.kubicle.api.v1alpha1.TaskStopReason;
import dev.kubicle.operator.task.llm.ConversationMessage;
import dev.kubicle.operator.task.llm.ToolDefinition;
import dev.kubicle.operator.task.model.ModelSettings;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The task loops running in this operator, by task uid; a loop leaves the map when it has ended. */
public class TaskRunner {
  private final TaskDependencies deps;
  private final Map<String, TaskLoop> loops = new ConcurrentHashMap<>();
  /**
   * Tasks whose loop ended here, newest last: a reconcile working from a cache that still says Running must not
   * take such a task for one interrupted by a restart.
   */
  private final Set<String> ended = Collections.newSetFromMap(Collections.synchronizedMap(
      new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > 10_000;
        }
      }));

  TaskRunner(TaskDependencies deps) {
    this.deps = deps;
  }

  boolean running(String uid) {
    return loops.containsKey(uid);
  }

  /** Whether a loop for this task ended in this operator. */
  boolean ended(String uid) {
    return ended.contains(uid);
  }

  /** Loops running now (tests, benchmarks). */
  public int count() {
    return loops.size();
  }

  void start(AgentTask task, TaskIdentity id, WorkspaceBinding binding, ModelSettings model, String apiKey,
      EffectiveLimits limits, List<ToolDefinition> tools, Instant startedAt,
      Optional<List<ConversationMessage>> resumeFrom) {
    TaskLoop loop = new TaskLoop(task, id, binding, model, apiKey, limits, tools, deps, startedAt);
    if (loops.putIfAbsent(id.uid(), loop) != null) {
      return;
    }
    loop.done().whenComplete((r, e) -> {
      ended.add(id.uid());
      loops.remove(id.uid(), loop);
    });
    if (resumeFrom.isPresent()) {
      loop.resume(resumeFrom.get(), task.getStatus());
    } else {
      loop.start();
    }
  }

  /** Asks a running loop to stop; false when none runs here. */
  boolean stop(String uid, TaskStopReason reason, String message) {
    TaskLoop loop = loops.get(uid);
    if (loop == null) {
      return false;
    }
    loop.requestStop(reason, message);
    return true;
  }

  /** Stops the task's loop if its workspace is gone or replaced; false when no loop runs here. */
  boolean recheckWorkspace(String uid) {
    TaskLoop loop = loops.get(uid);
    if (loop == null) {
      return false;
    }
    loop.checkBinding();
    return true;
  }

  /**
   * A workspace changed or was deleted (its watch event): every loop bound to that name checks its binding, so a
   * deleted or re-created workspace stops its tasks at once, not at their next tool call.
   */
  public void workspaceChanged(String namespace, String name) {
    for (TaskLoop loop : loops.values()) {
      WorkspaceBinding b = loop.binding();
      if (b.name().equals(name) && b.namespace().equals(namespace)) {
        loop.checkBinding();
      }
    }
  }

  /** Stops every loop without recording an end (the operator is shutting down; a restart resumes them). */
  void abandonAll() {
    loops.clear();
  }
}
