package dev.kubicle.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One user's development environment, built from a Template by Terraform. */
@Group(Template.GROUP)
@Version(Template.VERSION)
@ShortNames("ws")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Template", jsonPath = ".spec.template.name")
@AdditionalPrinterColumn(name = "Owner", jsonPath = ".spec.owner")
@AdditionalPrinterColumn(name = "Running", jsonPath = ".spec.running", type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(name = "Deadline", jsonPath = ".status.deadline")
@AdditionalPrinterColumn(name = "Outdated", jsonPath = ".status.outdated", type = AdditionalPrinterColumn.Type.BOOLEAN,
    priority = 1)
@AdditionalPrinterColumn(name = "Build", jsonPath = ".status.currentBuild.number", type = AdditionalPrinterColumn.Type.INTEGER,
    priority = 1)
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.message", priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Workspace extends CustomResource<WorkspaceSpec, WorkspaceStatus> implements Namespaced {
  @Override
  protected WorkspaceSpec initSpec() {
    return new WorkspaceSpec();
  }

  @Override
  protected WorkspaceStatus initStatus() {
    return new WorkspaceStatus();
  }
}
