package dev.kubicle.operator.provision;

import java.util.List;

/** A build whose runner leaves the operator's {@link RunnerPolicy}: it fails, and no Job is created for it. */
public class RunnerNotAllowedException extends IllegalArgumentException {
  public RunnerNotAllowedException(List<String> violations) {
    super("the template's runner is not allowed by this operator (the policy may have changed since the version "
        + "was recorded): " + String.join("; ", violations));
  }
}
