package dev.kubicle.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which provisioner runs a template's builds. */
public enum ProvisionerType {
  /** One Kubernetes Job per build running terraform (or tofu). */
  @JsonProperty("terraform") TERRAFORM,
  /** The agent as a local process on the operator's machine: the embedded dev cluster only. */
  @JsonProperty("local") LOCAL,
  /** Scripted build results without Jobs: tests and benchmarks only. */
  @JsonProperty("echo") ECHO;

  /** The name used in manifests. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
