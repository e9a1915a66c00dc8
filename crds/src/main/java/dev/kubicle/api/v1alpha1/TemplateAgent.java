package dev.kubicle.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the workspace agent is told to do (Coder's coder_agent): scripts, environment, apps and metadata. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TemplateAgent {
  @JsonPropertyDescription("Whether workspaces of this template run the Kubicle agent (default: true, except for "
      + "the echo provisioner). Without an agent there is no SSH, terminal or task execution, and Ready needs none.")
  private Boolean enabled;

  @JsonPropertyDescription("Shell script the agent runs once when it starts; the workspace is ready when it exits 0.")
  private String startupScript;

  @JsonPropertyDescription("How long the startup script may run (default 5m).")
  private String startupTimeout;

  @JsonPropertyDescription("Shell script the agent runs when the workspace stops.")
  private String shutdownScript;

  @JsonPropertyDescription("How long the shutdown script may run (default 1m).")
  private String shutdownTimeout;

  @JsonPropertyDescription("Environment for scripts, SSH sessions, terminals and commands.")
  private Map<String, String> env = new LinkedHashMap<>();

  @JsonPropertyDescription("Working directory for sessions and commands (default: the agent's).")
  private String directory;

  private List<AgentApp> apps = new ArrayList<>();

  private List<AgentMetadata> metadata = new ArrayList<>();

  public Boolean getEnabled() { return enabled; }
  public void setEnabled(Boolean enabled) { this.enabled = enabled; }
  public String getStartupScript() { return startupScript; }
  public void setStartupScript(String startupScript) { this.startupScript = startupScript; }
  public String getStartupTimeout() { return startupTimeout; }
  public void setStartupTimeout(String startupTimeout) { this.startupTimeout = startupTimeout; }
  public String getShutdownScript() { return shutdownScript; }
  public void setShutdownScript(String shutdownScript) { this.shutdownScript = shutdownScript; }
  public String getShutdownTimeout() { return shutdownTimeout; }
  public void setShutdownTimeout(String shutdownTimeout) { this.shutdownTimeout = shutdownTimeout; }
  public Map<String, String> getEnv() { return env; }
  public void setEnv(Map<String, String> env) { this.env = env; }
  public String getDirectory() { return directory; }
  public void setDirectory(String directory) { this.directory = directory; }
  public List<AgentApp> getApps() { return apps; }
  public void setApps(List<AgentApp> apps) { this.apps = apps; }
  public List<AgentMetadata> getMetadata() { return metadata; }
  public void setMetadata(List<AgentMetadata> metadata) { this.metadata = metadata; }

  /** Whether the agent runs, given the template's provisioner (echo templates run none unless they say so). */
  @JsonIgnore
  public static boolean enabled(TemplateAgent agent, ProvisionerType provisioner) {
    if (agent != null && agent.getEnabled() != null) {
      return agent.getEnabled();
    }
    return provisioner != ProvisionerType.ECHO;
  }
}
