package dev.kubicle.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Which Template (in the Workspace's namespace) a Workspace builds, optionally pinned to one version. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TemplateRef {
  @Required
  private String name;

  @JsonPropertyDescription("Pin to this version (a content hash from the Template's status.versions). "
      + "Without a pin every build uses the newest valid version.")
  private String version;

  public TemplateRef() {}

  public TemplateRef(String name, String version) {
    this.name = name;
    this.version = version;
  }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getVersion() { return version; }
  public void setVersion(String version) { this.version = version; }
}
