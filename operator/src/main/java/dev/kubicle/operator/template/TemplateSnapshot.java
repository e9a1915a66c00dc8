package dev.kubicle.operator.template;

import dev.kubicle.api.v1alpha1.ProvisionerType;
import dev.kubicle.api.v1alpha1.RunnerSpec;
import dev.kubicle.api.v1alpha1.TemplateAgent;
import dev.kubicle.api.v1alpha1.TemplateParameter;
import java.util.List;
import java.util.Map;

/**
 * One immutable version of a template: what a build of that version uses, whatever the Template says today.
 *
 * @param snapshotName the ConfigMap that holds it, mounted as the runner's root module
 */
public record TemplateSnapshot(
    String templateName,
    String version,
    String snapshotName,
    Map<String, String> files,
    List<TemplateParameter> parameters,
    RunnerSpec runner,
    ProvisionerType provisioner,
    TemplateAgent agent) {

  public ProvisionerType effectiveProvisioner() {
    return provisioner == null ? ProvisionerType.TERRAFORM : provisioner;
  }

  /** Whether workspaces of this version run the agent. */
  public boolean agentEnabled() {
    return TemplateAgent.enabled(agent, effectiveProvisioner());
  }
}
