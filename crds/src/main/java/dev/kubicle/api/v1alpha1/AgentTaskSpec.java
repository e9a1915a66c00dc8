package dev.kubicle.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

/** Desired state of an AgentTask: where to work, what to do, with which model and within which limits. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AgentTaskSpec {
  @Required
  @JsonPropertyDescription("Name of a Workspace in this namespace, owned by the task's owner.")
  private String workspace;

  @JsonPropertyDescription("The user the task acts for; set at admission, never changes.")
  private String owner;

  @Required
  @JsonPropertyDescription("What the agent should do.")
  private String prompt;

  @JsonPropertyDescription("Model id from the operator's provider configuration (default: the configured default).")
  private String model;

  private TaskLimits limits;

  @JsonPropertyDescription("Tools the agent may use (default all): execute, read_file, write_file, edit_file, "
      + "report_progress.")
  private List<String> allowedTools = new ArrayList<>();

  @JsonPropertyDescription("Set to true to stop the task; the loop ends promptly with stop reason cancelled.")
  private Boolean cancel;

  public String getWorkspace() { return workspace; }
  public void setWorkspace(String workspace) { this.workspace = workspace; }
  public String getOwner() { return owner; }
  public void setOwner(String owner) { this.owner = owner; }
  public String getPrompt() { return prompt; }
  public void setPrompt(String prompt) { this.prompt = prompt; }
  public String getModel() { return model; }
  public void setModel(String model) { this.model = model; }
  public TaskLimits getLimits() { return limits; }
  public void setLimits(TaskLimits limits) { this.limits = limits; }
  public List<String> getAllowedTools() { return allowedTools; }
  public void setAllowedTools(List<String> allowedTools) { this.allowedTools = allowedTools; }
  public Boolean getCancel() { return cancel; }
  public void setCancel(Boolean cancel) { this.cancel = cancel; }
}
