package dev.kubicle.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Why an AgentTask's loop ended. */
public enum TaskStopReason {
  @JsonProperty("end_turn") END_TURN,
  @JsonProperty("max_turns") MAX_TURNS,
  @JsonProperty("token_budget") TOKEN_BUDGET,
  @JsonProperty("cost_budget") COST_BUDGET,
  @JsonProperty("timeout") TIMEOUT,
  @JsonProperty("stuck") STUCK,
  @JsonProperty("cancelled") CANCELLED,
  @JsonProperty("error") ERROR,
  /** The workspace the task was admitted against was deleted (or is being deleted) while the task ran. */
  @JsonProperty("workspace_deleted") WORKSPACE_DELETED,
  /** A workspace of the same name now stands there with another UID or owner: the task never acts on it. */
  @JsonProperty("workspace_replaced") WORKSPACE_REPLACED
}
