package dev.kubicle.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Template-wide defaults for idle shutdown, autostart, failure cleanup and dormancy; durations like "24h" or "90m". */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TemplateLifecycle {
  @JsonPropertyDescription("Time a workspace stays up after a successful start (default 24h; 0 disables autostop).")
  private String defaultTtl;

  @JsonPropertyDescription("How far activity pushes the deadline out (default 1h; 0 disables the bump).")
  private String activityBump;

  @JsonPropertyDescription("Hard cap on a run, whatever the activity (empty: none).")
  private String maxLifetime;

  @JsonPropertyDescription("Whether a workspace may set its own TTL (default true).")
  private Boolean allowUserAutostop;

  @JsonPropertyDescription("Whether a workspace may set an autostart schedule (default true).")
  private Boolean allowUserAutostart;

  @JsonPropertyDescription("Stop a failed workspace after this long (default 0: never).")
  private String failureTtl;

  @JsonPropertyDescription("Mark a workspace dormant after this long unused (default 0: never).")
  private String timeTilDormant;

  @JsonPropertyDescription("Delete a dormant workspace after this long (default 0: never).")
  private String timeTilDormantAutodelete;

  @JsonPropertyDescription("How long the agent may take to connect after a start (default 120s; 0: forever).")
  private String agentConnectionTimeout;

  public String getDefaultTtl() { return defaultTtl; }
  public void setDefaultTtl(String defaultTtl) { this.defaultTtl = defaultTtl; }
  public String getActivityBump() { return activityBump; }
  public void setActivityBump(String activityBump) { this.activityBump = activityBump; }
  public String getMaxLifetime() { return maxLifetime; }
  public void setMaxLifetime(String maxLifetime) { this.maxLifetime = maxLifetime; }
  public Boolean getAllowUserAutostop() { return allowUserAutostop; }
  public void setAllowUserAutostop(Boolean allowUserAutostop) { this.allowUserAutostop = allowUserAutostop; }
  public Boolean getAllowUserAutostart() { return allowUserAutostart; }
  public void setAllowUserAutostart(Boolean allowUserAutostart) { this.allowUserAutostart = allowUserAutostart; }
  public String getFailureTtl() { return failureTtl; }
  public void setFailureTtl(String failureTtl) { this.failureTtl = failureTtl; }
  public String getTimeTilDormant() { return timeTilDormant; }
  public void setTimeTilDormant(String timeTilDormant) { this.timeTilDormant = timeTilDormant; }
  public String getTimeTilDormantAutodelete() { return timeTilDormantAutodelete; }
  public void setTimeTilDormantAutodelete(String v) { this.timeTilDormantAutodelete = v; }
  public String getAgentConnectionTimeout() { return agentConnectionTimeout; }
  public void setAgentConnectionTimeout(String v) { this.agentConnectionTimeout = v; }
}
