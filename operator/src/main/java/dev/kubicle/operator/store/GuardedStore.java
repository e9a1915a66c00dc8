package dev.kubicle.operator.store;

import dev.kubicle.operator.metrics.OperatorMetrics;
import java.time.Instant;

/**
 * The store as the operator hands it out: the same parts, except that audit entries go through an
 * {@link AuditTrail}, so a full or failing store delays them instead of losing them. Closing it closes the store.
 */
public final class GuardedStore implements Store {
  private final Store store;
  private final AuditTrail audit;

  public GuardedStore(Store store, StoreHealth health, OperatorMetrics metrics) {
    this.store = store;
    this.audit = new AuditTrail(store, health, metrics);
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
  public AuditTrail audit() {
    return audit;
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

  /** Waiting audit entries get a last try before the store closes. */
  @Override
  public void close() {
    audit.close();
    store.close();
  }
}
