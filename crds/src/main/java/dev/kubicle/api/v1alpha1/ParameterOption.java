package dev.kubicle.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;

/** One allowed value of a parameter, with a label for the console. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ParameterOption {
  @Required
  private String name;
  @Required
  private String value;
  private String description;

  public ParameterOption() {}

  public ParameterOption(String name, String value) {
    this.name = name;
    this.value = value;
  }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getValue() { return value; }
  public void setValue(String value) { this.value = value; }
  public String getDescription() { return description; }
  public void setDescription(String description) { this.description = description; }
}
