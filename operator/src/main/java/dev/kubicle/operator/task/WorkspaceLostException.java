package dev.kubicle.operator.task;

/**
 * A tool call refused because the task's workspace is gone or replaced: it ends the task (never goes back to the
 * model as a tool error, since no later call may run there either).
 */
final class WorkspaceLostException extends RuntimeException {
  private final WorkspaceBinding.Loss loss;

  WorkspaceLostException(WorkspaceBinding.Loss loss) {
    super(loss.message(), null, false, false);
    this.loss = loss;
  }

  WorkspaceBinding.Loss loss() {
    return loss;
  }
}
