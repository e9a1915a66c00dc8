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

/** Coding work delegated to an AI agent whose loop runs in the control plane against one Workspace. */
@Group(Template.GROUP)
@Version(Template.VERSION)
@ShortNames("task")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Workspace", jsonPath = ".spec.workspace")
@AdditionalPrinterColumn(name = "Owner", jsonPath = ".spec.owner")
@AdditionalPrinterColumn(name = "Turns", jsonPath = ".status.turns", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.stopReason", priority = 1)
@AdditionalPrinterColumn(name = "Progress", jsonPath = ".status.progress", priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class AgentTask extends CustomResource<AgentTaskSpec, AgentTaskStatus> implements Namespaced, MayBeUnreadable {
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
  protected AgentTaskSpec initSpec() {
    return new AgentTaskSpec();
  }

  @Override
  protected AgentTaskStatus initStatus() {
    return new AgentTaskStatus();
  }
}
