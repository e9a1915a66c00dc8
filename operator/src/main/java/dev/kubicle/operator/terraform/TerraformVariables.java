package dev.kubicle.operator.terraform;

import dev.kubicle.api.v1alpha1.BuildTransition;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything one build passes to Terraform as Kubicle's documented {@code kubicle_*} variables.
 *
 * @param parameters values by parameter name as stored in the Workspace spec (strings, lists as JSON
 *     arrays), with the template's defaults already applied by the caller
 */
public record TerraformVariables(
    String workspaceName,
    String workspaceNamespace,
    String workspaceOwner,
    String workspaceUid,
    BuildTransition transition,
    String agentToken,
    String agentInitCommand,
    String agentImage,
    String agentTokenSecret,
    String controlPlaneUrl,
    String templateName,
    String templateVersion,
    long buildNumber,
    Map<String, String> parameters) {

  public TerraformVariables {
    // These name the state Secret and the cache entry; rendering without them would misplace state.
    Objects.requireNonNull(workspaceName, "workspaceName");
    Objects.requireNonNull(workspaceNamespace, "workspaceNamespace");
    Objects.requireNonNull(workspaceUid, "workspaceUid");
    Objects.requireNonNull(transition, "transition");
    Objects.requireNonNull(templateName, "templateName");
    Objects.requireNonNull(templateVersion, "templateVersion");
    // TreeMap, not Map.copyOf: a null value means "missing" and must reach the renderer's error message.
    parameters = parameters == null
        ? Map.of()
        : Collections.unmodifiableMap(new TreeMap<>(parameters));
  }

  /** 1 while started, 0 for stop and delete: templates put {@code count} on compute only, so volumes survive a stop. */
  public int startCount() {
    return transition == BuildTransition.START ? 1 : 0;
  }

  /** Redacts the agent token: this record ends up in log lines and assertion messages. */
  @Override
  public String toString() {
    return "TerraformVariables[workspace=" + workspaceNamespace + "/" + workspaceName
        + ", uid=" + workspaceUid + ", owner=" + workspaceOwner + ", transition=" + transition.wireName()
        + ", template=" + templateName + "@" + templateVersion + ", build=" + buildNumber
        + ", agentToken=" + (agentToken == null || agentToken.isEmpty() ? "<none>" : "<redacted>")
        + ", agentInitCommand=" + (agentInitCommand == null ? "<none>" : "<" + agentInitCommand.length() + " chars>")
        + ", controlPlaneUrl=" + controlPlaneUrl + ", parameters=" + parameters + "]";
  }
}
