package dev.kubicle.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;

/** A value the agent collects by running a command at an interval (Coder's agent metadata). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AgentMetadata {
  @Required
  private String key;
  private String displayName;
  @Required
  private String script;
  /** Duration between runs, e.g. "10s" (default 60s). */
  private String interval;
  /** Duration one run may take (default 5s). */
  private String timeout;

  public String getKey() { return key; }
  public void setKey(String key) { this.key = key; }
  public String getDisplayName() { return displayName; }
  public void setDisplayName(String displayName) { this.displayName = displayName; }
  public String getScript() { return script; }
  public void setScript(String script) { this.script = script; }
  public String getInterval() { return interval; }
  public void setInterval(String interval) { this.interval = interval; }
  public String getTimeout() { return timeout; }
  public void setTimeout(String timeout) { this.timeout = timeout; }
}
