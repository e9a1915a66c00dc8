package dev.kubicle.webhook.rules;

import static dev.kubicle.webhook.rules.Texts.quote;

import dev.kubicle.webhook.admission.AdmissionRequest;
import dev.kubicle.webhook.admission.AdmissionRequest.Operation;
import dev.kubicle.webhook.admission.AdmissionRule;
import dev.kubicle.webhook.admission.Decision;
import dev.kubicle.webhook.admission.Identities;
import java.util.Set;

/**
 * Validating, fail closed: the status of Workspaces, AgentTasks and Templates is written by the Kubicle operator
 * and nobody else. Status is what the operator observed; others who could write it could make a workspace look
 * ready, a task look finished, or (before issue 13) point a workspace's agent at their own credential. Admins are
 * not exempt: status they wrote would be overwritten or, worse, believed.
 */
public final class StatusGuard implements AdmissionRule {
  static final String STATUS = "status";
  /** The Kubicle kinds whose status this rule guards; the chart's rule lists the same subresources. */
  static final Set<String> GUARDED = Set.of("workspaces", "agenttasks", "templates");

  private final Identities identities;

  public StatusGuard(Identities identities) {
    this.identities = identities;
  }

  @Override
  public Decision review(AdmissionRequest request) {
    if (!STATUS.equals(request.subResource()) || !GUARDED.contains(request.resource())
        || request.operation() != Operation.UPDATE || identities.isKubicle(request.user())) {
      return Decision.allow();
    }
    return Decision.forbid(request.resourcePath() + " of " + request.target() + ": only the Kubicle operator "
        + "writes status (it records what the operator observed); " + quote(request.user().username())
        + " may not. Change the spec instead, and the operator updates the status.");
  }
}
