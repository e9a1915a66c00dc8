package dev.kubicle.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** Budgets that stop an AgentTask's loop; the first one reached names the stop reason. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TaskLimits {
  @Min(1)
  private Integer maxTurns;
  @Min(1)
  @JsonPropertyDescription("Total tokens of every kind (input, output, cache reads and writes) across all model "
      + "calls.")
  private Long maxTokens;
  @Min(0)
  @JsonPropertyDescription("Cost cap in micro-dollars (1 USD = 1000000).")
  private Long maxCostMicros;
  @JsonPropertyDescription("Wall-clock limit for the whole task, e.g. 30m.")
  private String timeout;
  @JsonPropertyDescription("Limit for one tool call, e.g. 2m.")
  private String toolTimeout;
  @Min(1)
  @JsonPropertyDescription("Bytes of tool output fed back to the model per call.")
  private Integer toolOutputBytes;
  @Min(2)
  @JsonPropertyDescription("The same tool call (name and arguments) this many times in a row stops the task as stuck "
      + "(default 3).")
  private Integer stuckThreshold;

  public Integer getMaxTurns() { return maxTurns; }
  public void setMaxTurns(Integer maxTurns) { this.maxTurns = maxTurns; }
  public Long getMaxTokens() { return maxTokens; }
  public void setMaxTokens(Long maxTokens) { this.maxTokens = maxTokens; }
  public Long getMaxCostMicros() { return maxCostMicros; }
  public void setMaxCostMicros(Long maxCostMicros) { this.maxCostMicros = maxCostMicros; }
  public String getTimeout() { return timeout; }
  public void setTimeout(String timeout) { this.timeout = timeout; }
  public String getToolTimeout() { return toolTimeout; }
  public void setToolTimeout(String toolTimeout) { this.toolTimeout = toolTimeout; }
  public Integer getToolOutputBytes() { return toolOutputBytes; }
  public void setToolOutputBytes(Integer toolOutputBytes) { this.toolOutputBytes = toolOutputBytes; }
  public Integer getStuckThreshold() { return stuckThreshold; }
  public void setStuckThreshold(Integer stuckThreshold) { this.stuckThreshold = stuckThreshold; }
}
