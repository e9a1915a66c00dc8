package dev.kubicle.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.LinkedHashMap;
import java.util.Map;

/** Desired state of a Workspace: which template, whose, with which values, and whether it runs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkspaceSpec {
  @Required
  private TemplateRef template;

  @JsonPropertyDescription("The user who owns the workspace; only they may reach it. Never changes after create.")
  private String owner;

  @JsonPropertyDescription("Parameter values by name, as strings (lists as JSON arrays).")
  private Map<String, String> parameters = new LinkedHashMap<>();

  @JsonPropertyDescription("Start (true, the default when absent) or stop (false) the workspace. "
      + "Leave it out of manifests kept in Git: autostop and autostart change it.")
  private Boolean running;

  private AutostopOverride autostop;

  private AutostartOverride autostart;

  public TemplateRef getTemplate() { return template; }
  public void setTemplate(TemplateRef template) { this.template = template; }
  public String getOwner() { return owner; }
  public void setOwner(String owner) { this.owner = owner; }
  public Map<String, String> getParameters() { return parameters; }
  public void setParameters(Map<String, String> parameters) { this.parameters = parameters; }
  public Boolean getRunning() { return running; }
  public void setRunning(Boolean running) { this.running = running; }
  public AutostopOverride getAutostop() { return autostop; }
  public void setAutostop(AutostopOverride autostop) { this.autostop = autostop; }
  public AutostartOverride getAutostart() { return autostart; }
  public void setAutostart(AutostartOverride autostart) { this.autostart = autostart; }

  /** Absent means running: a manifest that leaves it out asks for a started workspace. */
  @JsonIgnore
  public boolean wantsRunning() { return running == null || running; }
}
