package dev.kubicle.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One build of a Workspace, recorded in status before it starts (Coder's workspace build). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BuildRecord {
  @JsonPropertyDescription("Starts at 1 and goes up by one per build.")
  private Long number;
  private BuildTransition transition;
  private BuildReason reason;
  @JsonPropertyDescription("Who asked for the build.")
  private String initiator;
  private String templateVersion;
  private BuildPhase phase;
  @JsonPropertyDescription("The Workspace generation this build was made for.")
  private Long generation;
  private String startedAt;
  private String finishedAt;
  @JsonPropertyDescription("The Job that runs the build (terraform provisioner).")
  private String job;
  private String message;
  @JsonPropertyDescription("Where the build log is kept: ConfigMap name and key.")
  private String log;

  public Long getNumber() { return number; }
  public void setNumber(Long number) { this.number = number; }
  public BuildTransition getTransition() { return transition; }
  public void setTransition(BuildTransition transition) { this.transition = transition; }
  public BuildReason getReason() { return reason; }
  public void setReason(BuildReason reason) { this.reason = reason; }
  public String getInitiator() { return initiator; }
  public void setInitiator(String initiator) { this.initiator = initiator; }
  public String getTemplateVersion() { return templateVersion; }
  public void setTemplateVersion(String templateVersion) { this.templateVersion = templateVersion; }
  public BuildPhase getPhase() { return phase; }
  public void setPhase(BuildPhase phase) { this.phase = phase; }
  public Long getGeneration() { return generation; }
  public void setGeneration(Long generation) { this.generation = generation; }
  public String getStartedAt() { return startedAt; }
  public void setStartedAt(String startedAt) { this.startedAt = startedAt; }
  public String getFinishedAt() { return finishedAt; }
  public void setFinishedAt(String finishedAt) { this.finishedAt = finishedAt; }
  public String getJob() { return job; }
  public void setJob(String job) { this.job = job; }
  public String getMessage() { return message; }
  public void setMessage(String message) { this.message = message; }
  public String getLog() { return log; }
  public void setLog(String log) { this.log = log; }
}
