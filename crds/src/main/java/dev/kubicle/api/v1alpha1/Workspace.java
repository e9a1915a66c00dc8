package dev.kubicle.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.kubicle.api.serialization.MayBeUnreadable;
import dev.kubicle.api.serialization.Unreadable;
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
public class Workspace extends CustomResource<WorkspaceSpec, WorkspaceStatus> implements Namespaced, MayBeUnreadable {
  /** Set when the stored object could not be read whole (see {@link MayBeUnreadable}); never serialized. */
  @JsonIgnore
  private transient Unreadable unreadable;

  @Override
  public java.util.Optional<Unreadable> unreadable() {
    return java.util.Optional.ofNullable(unreadable);
  }

  @Override
  public void markUnreadable(Unreadable why) {
    this.unreadable = why;
  }

  @Override
  protected WorkspaceSpec initSpec() {
    return new WorkspaceSpec();
  }

  @Override
  protected WorkspaceStatus initStatus() {
    return new WorkspaceStatus();
  }
}
