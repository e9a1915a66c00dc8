package dev.kubicle.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The four parameter types Coder templates use; values travel as strings, lists as JSON arrays. */
public enum ParameterType {
  @JsonProperty("string") STRING("string"),
  @JsonProperty("number") NUMBER("number"),
  @JsonProperty("bool") BOOL("bool"),
  @JsonProperty("list(string)") LIST_OF_STRING("list(string)");

  private final String wireName;

  ParameterType(String wireName) { this.wireName = wireName; }

  /** The name used in manifests. */
  public String wireName() { return wireName; }
}
