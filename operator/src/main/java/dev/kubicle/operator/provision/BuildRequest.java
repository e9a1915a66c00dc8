package dev.kubicle.operator.provision;

import dev.kubicle.api.v1alpha1.BuildRecord;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.template.TemplateSnapshot;
import java.util.Map;

/**
 * Everything a provisioner needs for one build.
 *
 * @param parameters effective parameter values (defaults applied), by name
 */
public record BuildRequest(Workspace workspace, BuildRecord build, TemplateSnapshot snapshot,
    Map<String, String> parameters) {

  public String namespace() {
    return workspace.getMetadata().getNamespace();
  }

  public String workspaceName() {
    return workspace.getMetadata().getName();
  }

  public String workspaceUid() {
    return workspace.getMetadata().getUid();
  }
}
