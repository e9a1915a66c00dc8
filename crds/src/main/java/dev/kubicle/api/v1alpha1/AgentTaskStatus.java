package dev.kubicle.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Observed state of an AgentTask; the transcript itself lives in the store, not here. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AgentTaskStatus {
  private Long observedGeneration;
  private TaskPhase phase;
  private TaskStopReason stopReason;
  private List<Condition> conditions = new ArrayList<>();
  private Integer turns;
  private Integer toolCalls;
  private TokenUsage usage;
  @JsonPropertyDescription("Cost in micro-dollars; absent when the model has no price (never a misleading zero).")
  private Long costMicros;
  @JsonPropertyDescription("A short line on what the agent is doing now.")
  private String progress;
  @JsonPropertyDescription("The model's final answer (capped), when the task ended at the end of a turn.")
  private String result;
  @JsonPropertyDescription("Why the task stopped, or what it is waiting for.")
  private String message;
  private List<String> filesChanged = new ArrayList<>();
  @JsonPropertyDescription("UID of the workspace the task was admitted against; every tool call goes to that "
      + "workspace only, never to another one of the same name.")
  private String workspaceUid;
  private String startedAt;
  private String finishedAt;

  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
  public TaskPhase getPhase() { return phase; }
  public void setPhase(TaskPhase phase) { this.phase = phase; }
  public TaskStopReason getStopReason() { return stopReason; }
  public void setStopReason(TaskStopReason stopReason) { this.stopReason = stopReason; }
  public List<Condition> getConditions() { return conditions; }
  public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
  public Integer getTurns() { return turns; }
  public void setTurns(Integer turns) { this.turns = turns; }
  public Integer getToolCalls() { return toolCalls; }
  public void setToolCalls(Integer toolCalls) { this.toolCalls = toolCalls; }
  public TokenUsage getUsage() { return usage; }
  public void setUsage(TokenUsage usage) { this.usage = usage; }
  public Long getCostMicros() { return costMicros; }
  public void setCostMicros(Long costMicros) { this.costMicros = costMicros; }
  public String getProgress() { return progress; }
  public void setProgress(String progress) { this.progress = progress; }
  public String getResult() { return result; }
  public void setResult(String result) { this.result = result; }
  public String getMessage() { return message; }
  public void setMessage(String message) { this.message = message; }
  public List<String> getFilesChanged() { return filesChanged; }
  public void setFilesChanged(List<String> filesChanged) { this.filesChanged = filesChanged; }
  public String getStartedAt() { return startedAt; }
  public void setStartedAt(String startedAt) { this.startedAt = startedAt; }
  public String getFinishedAt() { return finishedAt; }
  public void setFinishedAt(String finishedAt) { this.finishedAt = finishedAt; }
  public String getWorkspaceUid() { return workspaceUid; }
  public void setWorkspaceUid(String workspaceUid) { this.workspaceUid = workspaceUid; }
}
