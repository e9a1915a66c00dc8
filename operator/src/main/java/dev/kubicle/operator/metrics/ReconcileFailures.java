package dev.kubicle.operator.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Counts the exceptions that escaped a reconcile (JOSDK retries them with backoff), by kind and cause, at
 * {@code kubicle_reconcile_failures_total}; keeps the last few for diagnostics. A conflict (HTTP 409: someone wrote
 * first) is the expected optimistic-locking retry; anything else is a bug or an API server in trouble.
 */
public final class ReconcileFailures implements Metrics {
  static final String NAME = "kubicle_reconcile_failures_total";
  private static final String HELP = "Exceptions that escaped a reconcile and were retried, by kind and cause "
      + "(conflict: optimistic locking, api: another API error, other: a bug)";
  private static final int KEPT = 20;
  private static final List<String> KINDS = List.of("Workspace", "Template", "AgentTask", "other");

  /** Why a reconcile failed, as counted. */
  public enum Cause { conflict, api, other }

  private final OperatorMetrics metrics;
  private final Deque<String> recent = new ArrayDeque<>();

  public ReconcileFailures(OperatorMetrics metrics) {
    this.metrics = metrics;
    for (String kind : KINDS) { // every series from the start, at 0, so an alert can rely on them
      for (Cause cause : Cause.values()) {
        metrics.counter(NAME, HELP, "kind", kind, "cause", cause.name());
      }
    }
  }

  @Override
  public void failedReconciliation(HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    Cause cause = causeOf(exception);
    metrics.counter(NAME, HELP, "kind", kind(resource), "cause", cause.name()).incrementAndGet();
    String line = kind(resource) + " " + resource.getMetadata().getNamespace() + "/"
        + resource.getMetadata().getName() + ": " + exception;
    synchronized (recent) {
      recent.addLast(line.length() > 500 ? line.substring(0, 500) : line);
      while (recent.size() > KEPT) {
        recent.removeFirst();
      }
    }
  }

  /** Failures so far with a cause other than {@code conflict}. */
  public long unexpected() {
    long total = 0;
    for (String kind : KINDS) {
      total += metrics.value(NAME, "kind", kind, "cause", Cause.api.name())
          + metrics.value(NAME, "kind", kind, "cause", Cause.other.name());
    }
    return total;
  }

  /** The last few failures, for a test's or an operator's diagnostics. */
  public List<String> recent() {
    synchronized (recent) {
      return List.copyOf(recent);
    }
  }

  static Cause causeOf(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof KubernetesClientException k) {
        return k.getCode() == 409 ? Cause.conflict : Cause.api;
      }
      if (isPatchRetriesExhausted(t)) {
        return Cause.conflict;
      }
    }
    return Cause.other;
  }

  /**
   * JOSDK's own conflict loop (adding or removing a finalizer) gave up: it re-reads and retries a patch on 409, and
   * on 422 because a JSON patch computed against an older version may no longer apply, ten times, and then throws
   * this without the HTTP cause. The object kept changing under it; the reconcile is retried like any conflict.
   */
  private static boolean isPatchRetriesExhausted(Throwable t) {
    return t instanceof io.javaoperatorsdk.operator.OperatorException && t.getMessage() != null
        && t.getMessage().startsWith("Exceeded maximum (") && t.getMessage().contains("retry attempts to patch");
  }

  private static String kind(HasMetadata resource) {
    String kind = resource.getKind();
    return kind != null && KINDS.contains(kind) ? kind : "other";
  }
}
