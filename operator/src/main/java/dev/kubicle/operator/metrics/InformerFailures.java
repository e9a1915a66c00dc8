package dev.kubicle.operator.metrics;

import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.api.config.InformerStoppedHandler;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a stopped informer does to the process: it is logged, counted and, by default, ends the process as JOSDK
 * does, so Kubernetes restarts an operator that went blind. Tests record it instead. No stored object stops one
 * (see KubicleSerialization).
 */
public final class InformerFailures implements InformerStoppedHandler {
  private static final Logger LOG = LoggerFactory.getLogger(InformerFailures.class);

  private final AtomicInteger count = new AtomicInteger();
  private volatile Runnable action = () -> System.exit(1);

  @Override
  @SuppressWarnings("rawtypes") // JOSDK's interface takes the raw type
  public void onStop(SharedIndexInformer informer, Throwable error) {
    if (error != null && informer.hasSynced()) {
      count.incrementAndGet();
      LOG.error("the informer for {} stopped; the operator cannot see that kind any more",
          informer.getApiTypeClass().getSimpleName(), error);
      action.run();
    }
  }

  /** Informers that stopped on an error since start (each one leaves a kind unwatched). */
  public int count() {
    return count.get();
  }

  /** Replaces the exit (tests count failures instead of ending the JVM). */
  public void onFailure(Runnable replacement) {
    this.action = replacement;
  }
}
