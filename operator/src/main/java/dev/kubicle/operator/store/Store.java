package dev.kubicle.operator.store;

import java.time.Instant;

/**
 * The store: what does not belong in etcd (build and agent logs, the audit log, users, API tokens, console sessions,
 * task transcripts and usage). The Kubernetes API stays the state of record; losing the store loses history
 * and logins, never a workspace. Embedded SQLite by default, PostgreSQL when a URL is configured.
 */
public interface Store extends AutoCloseable {

  BuildLogs buildLogs();

  AgentLogs agentLogs();

  AuditLog audit();

  Users users();

  ApiTokens apiTokens();

  Sessions sessions();

  /** AgentTask transcripts, model and tool calls, and usage per user and model per month. */
  TaskRecords taskRecords();

  /**
   * Deletes what is older than the retention setting (logs, audit, task records, expired tokens and sessions);
   * returns rows gone.
   */
  long applyRetention(Instant now);

  /** How much log text is kept per build and per workspace's agent log. */
  default LogQuotas logQuotas() {
    return LogQuotas.DEFAULTS;
  }

  /**
   * Whether log lines may be written now: false when the store's volume is down to the space reserved for audit
   * entries and the rest (logs give way first). Cheap: callers ask before every batch.
   */
  default boolean roomForLogs() {
    return true;
  }

  /**
   * When {@code failure} says the store is full, deletes the oldest log lines (never audit entries) so that an audit
   * entry fits; returns lines deleted (0 for any other failure).
   */
  default long makeRoomForAudit(RuntimeException failure) {
    return 0;
  }

  /** Which database this is, for logs and the readiness endpoint ("sqlite:/var/lib/kubicle/kubicle.db"), no password. */
  String describe();

  @Override
  void close();
}
