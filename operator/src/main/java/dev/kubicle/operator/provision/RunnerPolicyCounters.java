package dev.kubicle.operator.provision;

import dev.kubicle.operator.metrics.OperatorMetrics;
import java.util.Locale;

/** Counts runners refused by the {@link RunnerPolicy}, by where the refusal happened (labels from the enum). */
public final class RunnerPolicyCounters {
  public static final String REFUSED = "kubicle_runner_policy_refusals_total";

  /** Where a runner was refused. */
  public enum At {
    /** A Template change that was made invalid (no version was made from it). */
    TEMPLATE,
    /** A build whose recorded version's runner the policy no longer allows (no Job was created). */
    BUILD
  }

  private final OperatorMetrics metrics;

  public RunnerPolicyCounters(OperatorMetrics metrics) {
    this.metrics = metrics;
  }

  public void refused(At at) {
    metrics.counter(REFUSED, "Template runners refused by the operator's runner policy (KUBICLE_RUNNER_ALLOWED_*), "
        + "at template validation or before a build Job", "at", at.name().toLowerCase(Locale.ROOT)).incrementAndGet();
  }
}
