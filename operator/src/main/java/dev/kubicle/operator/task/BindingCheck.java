package dev.kubicle.operator.task;

import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.agentapi.AgentSession;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Checks a task's {@link WorkspaceBinding} before each tool call: the workspace under the bound name (from the
 * Workspace controller's informer cache) must still be the bound UID and owner, and the agent session the call would
 * go to must carry the bound UID itself ({@link AgentSession#workspaceUid}, recorded when the agent was admitted).
 * The session's own UID is what makes the check sound: it does not depend on the agent endpoint and this check
 * reading the same cache, or on the order of the two reads.
 */
final class BindingCheck {
  private final BiFunction<String, String, Optional<Workspace>> cache;

  /** @param cache the Workspace controller's cache, by namespace and name */
  BindingCheck(BiFunction<String, String, Optional<Workspace>> cache) {
    this.cache = cache;
  }

  /** Why the task may no longer act on its workspace, or empty when it still may. */
  Optional<WorkspaceBinding.Loss> check(WorkspaceBinding binding) {
    return binding.judge(cache.apply(binding.namespace(), binding.name()));
  }

  /**
   * As {@link #check(WorkspaceBinding)}, and when an agent is connected under the bound name, whether its session
   * was admitted for the bound workspace; empty when the call may go to {@code session} (or wait for an agent).
   */
  Optional<WorkspaceBinding.Loss> check(WorkspaceBinding binding, Optional<AgentSession> session) {
    Optional<WorkspaceBinding.Loss> lost = check(binding);
    if (lost.isPresent() || session.isEmpty()) {
      return lost;
    }
    return binding.judgeSession(session.get().workspaceUid());
  }
}
