package dev.kubicle.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a build does: start and stop are terraform apply (start_count 1 or 0), delete is destroy. */
public enum BuildTransition {
  @JsonProperty("start") START,
  @JsonProperty("stop") STOP,
  @JsonProperty("delete") DELETE;

  /** The name used in manifests and passed to Terraform. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
