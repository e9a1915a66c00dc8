package dev.kubicle.webhook.cluster;

import dev.kubicle.api.v1alpha1.TemplateParameter;
import java.util.List;

/** One immutable template version as the operator snapshotted it: what a Workspace's parameters are checked against. */
public record TemplateVersion(String template, String version, List<TemplateParameter> parameters) {
  public TemplateVersion {
    parameters = List.copyOf(parameters);
  }
}
