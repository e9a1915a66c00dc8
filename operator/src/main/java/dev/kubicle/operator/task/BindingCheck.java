package dev.kubicle.operator.task;

import dev.kubicle.api.v1alpha1.Workspace;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Checks a task's {@link WorkspaceBinding} against the Workspace controller's informer cache: the same cache the
 * agent endpoint admits agents from (by token). That sharing is what makes the check sound: an agent of a
 * workspace re-created under the bound name can only be connected once that cache holds the new workspace, so a
 * session looked up first and the cache read second can never pair a new workspace's agent with the old UID.
 * Whoever moves agent admission to another cache must keep this ordering true.
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
}
