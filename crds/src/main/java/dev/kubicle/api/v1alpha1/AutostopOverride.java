package dev.kubicle.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A workspace's own autostop TTL, where the template allows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AutostopOverride {
  @JsonPropertyDescription("Time the workspace stays up after a start, e.g. 8h; 0 disables autostop.")
  private String ttl;

  public String getTtl() { return ttl; }
  public void setTtl(String ttl) { this.ttl = ttl; }
}
