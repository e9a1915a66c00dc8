package dev.kubicle.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Why a build ran (Coder's build_reason). */
public enum BuildReason {
  @JsonProperty("initiator") INITIATOR,
  @JsonProperty("autostart") AUTOSTART,
  @JsonProperty("autostop") AUTOSTOP,
  @JsonProperty("dormancy") DORMANCY,
  @JsonProperty("failedstop") FAILEDSTOP,
  @JsonProperty("autodelete") AUTODELETE,
  @JsonProperty("dashboard") DASHBOARD,
  @JsonProperty("task") TASK
}
