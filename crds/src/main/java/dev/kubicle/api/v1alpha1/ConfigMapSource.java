package dev.kubicle.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;

/** Reference to a ConfigMap, in the referrer's namespace, that holds Terraform files. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConfigMapSource {
  @Required
  private String name;

  public ConfigMapSource() {}

  public ConfigMapSource(String name) { this.name = name; }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
}
