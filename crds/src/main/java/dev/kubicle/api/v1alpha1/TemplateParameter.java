package dev.kubicle.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** One typed input of a template, with its default, options and validation (Coder's coder_parameter). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TemplateParameter {
  @Required
  @Pattern("^[a-z][a-z0-9_]{0,62}$")
  @JsonPropertyDescription("Identifier: lower case letters, digits and underscores, starting with a letter.")
  private String name;

  private String displayName;
  private String description;

  @JsonPropertyDescription("string (default), number, bool or list(string).")
  private ParameterType type = ParameterType.STRING;

  @JsonPropertyDescription("Default value as a string (lists as a JSON array). A parameter without a default is required.")
  private String defaultValue;

  // Named explicitly: the @JsonIgnore on isMutable() would otherwise drop the whole property (from the CRD schema,
  // so the API server pruned it, and from every read and write), leaving every parameter immutable.
  @JsonProperty("mutable")
  @JsonPropertyDescription("Whether the value may change after the workspace is created (default false).")
  private Boolean mutable;

  @JsonProperty("ephemeral")
  @JsonPropertyDescription("The value applies to one build only and is not kept.")
  private Boolean ephemeral;

  @Size(max = 64)
  @JsonPropertyDescription("Allowed values (at most 64); the default must be one of them.")
  private List<ParameterOption> options = new ArrayList<>();

  private ParameterValidation validation;

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getDisplayName() { return displayName; }
  public void setDisplayName(String displayName) { this.displayName = displayName; }
  public String getDescription() { return description; }
  public void setDescription(String description) { this.description = description; }
  public ParameterType getType() { return type; }
  public void setType(ParameterType type) { this.type = type; }
  public String getDefaultValue() { return defaultValue; }
  public void setDefaultValue(String defaultValue) { this.defaultValue = defaultValue; }
  public Boolean getMutable() { return mutable; }
  public void setMutable(Boolean mutable) { this.mutable = mutable; }
  public Boolean getEphemeral() { return ephemeral; }
  public void setEphemeral(Boolean ephemeral) { this.ephemeral = ephemeral; }
  public List<ParameterOption> getOptions() { return options; }
  public void setOptions(List<ParameterOption> options) { this.options = options; }
  public ParameterValidation getValidation() { return validation; }
  public void setValidation(ParameterValidation validation) { this.validation = validation; }

  /** The effective type (string when unset). */
  @JsonIgnore
  public ParameterType effectiveType() { return type == null ? ParameterType.STRING : type; }

  /** A parameter without a default must be given by every workspace. */
  @JsonIgnore
  public boolean isRequired() { return defaultValue == null; }

  @JsonIgnore
  public boolean isMutable() { return Boolean.TRUE.equals(mutable); }

  @JsonIgnore
  public boolean isEphemeral() { return Boolean.TRUE.equals(ephemeral); }
}
