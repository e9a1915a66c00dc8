package dev.kubicle.operator.store;

import dev.kubicle.operator.metrics.OperatorMetrics;

/**
 * The store as the operator hands it out: the same parts, except that audit entries go through an
 * {@link AuditTrail}, so a full or failing store delays them instead of losing them. Closing it closes the store.
 */
public final class GuardedStore extends ForwardingStore {
  private final AuditTrail audit;

  public GuardedStore(Store store, StoreHealth health, OperatorMetrics metrics) {
    super(store);
    this.audit = new AuditTrail(store, health, metrics);
  }

  @Override
  public AuditTrail audit() {
    return audit;
  }

  /** Waiting audit entries get a last try before the store closes. */
  @Override
  public void close() {
    audit.close();
    store.close();
  }
}
