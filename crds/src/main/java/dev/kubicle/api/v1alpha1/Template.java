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

/** A Terraform root module plus the parameters, lifecycle defaults and runner Kubicle needs to build it. */
@Group(Template.GROUP)
@Version(Template.VERSION)
@ShortNames("tpl")
@AdditionalPrinterColumn(name = "Valid", jsonPath = ".status.conditions[?(@.type==\"Valid\")].status")
@AdditionalPrinterColumn(name = "Version", jsonPath = ".status.latestVersion")
@AdditionalPrinterColumn(name = "Provisioner", jsonPath = ".spec.provisioner")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Template extends CustomResource<TemplateSpec, TemplateStatus> implements Namespaced, MayBeUnreadable {
  public static final String GROUP = "kubicle.dev";
  public static final String VERSION = "v1alpha1";

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
  protected TemplateSpec initSpec() {
    return new TemplateSpec();
  }

  @Override
  protected TemplateStatus initStatus() {
    return new TemplateStatus();
  }
}
