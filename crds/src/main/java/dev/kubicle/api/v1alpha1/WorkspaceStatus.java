package dev.kubicle.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Observed state of a Workspace: phase, conditions in a fixed order, builds and Terraform outputs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkspaceStatus {
  private Long observedGeneration;
  private WorkspacePhase phase;
  @JsonPropertyDescription("From the first failing condition, or the phase.")
  private String message;
  @JsonPropertyDescription("TemplateResolved, Provisioned, AgentConnected, Ready, in that order.")
  private List<Condition> conditions = new ArrayList<>();
  @JsonPropertyDescription("The template version of the newest successful start build.")
  private String templateVersion;
  @JsonPropertyDescription("Parameter values of the newest successful start build (ephemeral ones left out); "
      + "immutable and monotonic rules compare against these.")
  private Map<String, String> parameters = new LinkedHashMap<>();
  @JsonPropertyDescription("True when the template has a newer version than the one running; no rebuild happens.")
  private Boolean outdated;
  private BuildRecord currentBuild;
  @JsonPropertyDescription("Earlier builds, newest first, at most 10.")
  private List<BuildRecord> builds = new ArrayList<>();
  @JsonPropertyDescription("Terraform outputs that are not sensitive, as strings (JSON for non-strings).")
  private Map<String, String> outputs = new LinkedHashMap<>();
  @JsonPropertyDescription("Resources in the Terraform state, as type.name.")
  private List<String> resources = new ArrayList<>();
  private AgentStatus agent;
  private WorkspaceNetwork network;
  @JsonPropertyDescription("When the workspace stops unless activity moves it later (empty: no autostop).")
  private String deadline;
  @JsonPropertyDescription("The latest the deadline may move to (start + the template's maxLifetime).")
  private String maxDeadline;
  @JsonPropertyDescription("Last time someone used the workspace (start, or activity that moved the deadline).")
  private String lastUsedAt;
  @JsonPropertyDescription("The next time the autostart schedule starts the workspace.")
  private String nextAutostart;
  @JsonPropertyDescription("The scheduled time of the last autostart, so one scheduled time starts it once.")
  private String lastAutostart;
  @JsonPropertyDescription("When the workspace became dormant: no autostart until a user starts it.")
  private String dormantAt;
  @JsonPropertyDescription("The start build whose success set the deadline, so each start sets it once.")
  private Long scheduledBuild;

  public WorkspaceNetwork getNetwork() { return network; }
  public void setNetwork(WorkspaceNetwork network) { this.network = network; }
  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
  public WorkspacePhase getPhase() { return phase; }
  public void setPhase(WorkspacePhase phase) { this.phase = phase; }
  public String getMessage() { return message; }
  public void setMessage(String message) { this.message = message; }
  public List<Condition> getConditions() { return conditions; }
  public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
  public String getTemplateVersion() { return templateVersion; }
  public void setTemplateVersion(String templateVersion) { this.templateVersion = templateVersion; }
  public Map<String, String> getParameters() { return parameters; }
  public void setParameters(Map<String, String> parameters) { this.parameters = parameters; }
  public Boolean getOutdated() { return outdated; }
  public void setOutdated(Boolean outdated) { this.outdated = outdated; }
  public BuildRecord getCurrentBuild() { return currentBuild; }
  public void setCurrentBuild(BuildRecord currentBuild) { this.currentBuild = currentBuild; }
  public List<BuildRecord> getBuilds() { return builds; }
  public void setBuilds(List<BuildRecord> builds) { this.builds = builds; }
  public Map<String, String> getOutputs() { return outputs; }
  public void setOutputs(Map<String, String> outputs) { this.outputs = outputs; }
  public String getDeadline() { return deadline; }
  public void setDeadline(String deadline) { this.deadline = deadline; }
  public String getMaxDeadline() { return maxDeadline; }
  public void setMaxDeadline(String maxDeadline) { this.maxDeadline = maxDeadline; }
  public String getLastUsedAt() { return lastUsedAt; }
  public void setLastUsedAt(String lastUsedAt) { this.lastUsedAt = lastUsedAt; }
  public String getNextAutostart() { return nextAutostart; }
  public void setNextAutostart(String nextAutostart) { this.nextAutostart = nextAutostart; }
  public String getLastAutostart() { return lastAutostart; }
  public void setLastAutostart(String lastAutostart) { this.lastAutostart = lastAutostart; }
  public Long getScheduledBuild() { return scheduledBuild; }
  public void setScheduledBuild(Long scheduledBuild) { this.scheduledBuild = scheduledBuild; }
  public String getDormantAt() { return dormantAt; }
  public void setDormantAt(String dormantAt) { this.dormantAt = dormantAt; }
  public AgentStatus getAgent() { return agent; }
  public void setAgent(AgentStatus agent) { this.agent = agent; }
  public List<String> getResources() { return resources; }
  public void setResources(List<String> resources) { this.resources = resources; }
}
