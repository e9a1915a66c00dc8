package dev.kubicle.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Desired state of a Template: its Terraform files, parameters, lifecycle defaults, runner and provisioner. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TemplateSpec {
  @JsonPropertyDescription("Human-readable name shown in the console.")
  private String displayName;

  @JsonPropertyDescription("What this template provides, shown in the console.")
  private String description;

  @JsonPropertyDescription("Terraform root module inline: file name (no slashes) to content. "
      + "Merged with the files of configMapRef; inline files win on a name clash.")
  private Map<String, String> files = new LinkedHashMap<>();

  @JsonPropertyDescription("A ConfigMap in the Template's namespace whose keys are file names of the root module.")
  private ConfigMapSource configMapRef;

  @JsonPropertyDescription("Typed parameters a Workspace fills in; each reaches Terraform as variable kubicle_param_<name>.")
  @Size(max = 256)
  private List<TemplateParameter> parameters = new ArrayList<>();

  @JsonPropertyDescription("Defaults for idle shutdown, autostart, failure cleanup and dormancy.")
  private TemplateLifecycle lifecycle;

  @JsonPropertyDescription("What the workspace agent runs and serves: scripts, environment, apps, metadata.")
  private TemplateAgent agent;

  @JsonPropertyDescription("The container that runs Terraform (or OpenTofu) for each build.")
  private RunnerSpec runner;

  @JsonPropertyDescription("How builds run: terraform (a Job per build), local (a process on the operator's machine, "
      + "dev cluster only) or echo (scripted results, tests only).")
  private ProvisionerType provisioner = ProvisionerType.TERRAFORM;

  public String getDisplayName() { return displayName; }
  public void setDisplayName(String displayName) { this.displayName = displayName; }
  public String getDescription() { return description; }
  public void setDescription(String description) { this.description = description; }
  public Map<String, String> getFiles() { return files; }
  public void setFiles(Map<String, String> files) { this.files = files; }
  public ConfigMapSource getConfigMapRef() { return configMapRef; }
  public void setConfigMapRef(ConfigMapSource configMapRef) { this.configMapRef = configMapRef; }
  public List<TemplateParameter> getParameters() { return parameters; }
  public void setParameters(List<TemplateParameter> parameters) { this.parameters = parameters; }
  public TemplateLifecycle getLifecycle() { return lifecycle; }
  public void setLifecycle(TemplateLifecycle lifecycle) { this.lifecycle = lifecycle; }
  public TemplateAgent getAgent() { return agent; }
  public void setAgent(TemplateAgent agent) { this.agent = agent; }
  public RunnerSpec getRunner() { return runner; }
  public void setRunner(RunnerSpec runner) { this.runner = runner; }
  public ProvisionerType getProvisioner() { return provisioner; }
  public void setProvisioner(ProvisionerType provisioner) { this.provisioner = provisioner; }
}
