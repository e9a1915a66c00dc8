package dev.kubicle.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The direction a monotonic number parameter may move on update. */
public enum Monotonic {
  @JsonProperty("increasing") INCREASING,
  @JsonProperty("decreasing") DECREASING
}
