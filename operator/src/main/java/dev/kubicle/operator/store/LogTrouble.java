package dev.kubicle.operator.store;

/** Why some of a workspace's log lines are not in the store, for the Workspace's LogsStored condition. */
public record LogTrouble(Reason reason, String message) {
  /** Condition reasons, in the order they are reported when both hold. */
  public enum Reason {
    StoreUnavailable, LogQuotaReached
  }
}
