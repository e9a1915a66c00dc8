package dev.kubicle.operator.store;

import java.time.Instant;

/**
 * A store that hands every call to another one; wrappers extend it and override only the parts they change (the
 * operator's {@link GuardedStore}, test doubles that fail on demand), so a new store method needs forwarding once.
 */
public abstract class ForwardingStore implements Store {
  /** The store calls go to. */
  protected final Store store;

  protected ForwardingStore(Store store) {
    this.store = store;
  }

  @Override
  public BuildLogs buildLogs() {
    return store.buildLogs();
  }

  @Override
  public AgentLogs agentLogs() {
    return store.agentLogs();
  }

  @Override
  public AuditLog audit() {
    return store.audit();
  }

  @Override
  public Users users() {
    return store.users();
  }

  @Override
  public ApiTokens apiTokens() {
    return store.apiTokens();
  }

  @Override
  public Sessions sessions() {
    return store.sessions();
  }

  @Override
  public TaskRecords taskRecords() {
    return store.taskRecords();
  }

  @Override
  public long applyRetention(Instant now) {
    return store.applyRetention(now);
  }

  @Override
  public LogQuotas logQuotas() {
    return store.logQuotas();
  }

  @Override
  public boolean roomForLogs() {
    return store.roomForLogs();
  }

  @Override
  public long makeRoomForAudit(RuntimeException failure) {
    return store.makeRoomForAudit(failure);
  }

  @Override
  public String describe() {
    return store.describe();
  }

  @Override
  public void close() {
    store.close();
  }
}
