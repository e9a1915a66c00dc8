package dev.kubicle.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The agent's state as the Workspace shows it: coarse on purpose, so heartbeats never become status writes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AgentStatus {
  private Boolean connected;
  @JsonPropertyDescription("created, starting, ready, start_error, start_timeout, shutting_down or off.")
  private String lifecycle;
  private String version;
  @JsonPropertyDescription("When the agent was last connected, to the minute (updated on connect and disconnect).")
  private String lastSeen;
  /**
   * Deprecated and ignored: earlier releases kept the agent token's hash here, where anyone who may write
   * workspaces/status could replace it. The operator clears it on its next reconcile (adopting the token Secret of a
   * running workspace); the field stays in the schema so stored objects still validate.
   */
  @Deprecated
  @JsonPropertyDescription("Deprecated and ignored; cleared by the operator. Which agent token is valid is kept only "
      + "in the workspace's agent token Secret, which only the operator writes.")
  private String tokenHash;
  @JsonPropertyDescription("The address and port of the agent's SSH server, when the provisioner knows it.")
  private String ssh;

  public Boolean getConnected() { return connected; }
  public void setConnected(Boolean connected) { this.connected = connected; }
  public String getLifecycle() { return lifecycle; }
  public void setLifecycle(String lifecycle) { this.lifecycle = lifecycle; }
  public String getVersion() { return version; }
  public void setVersion(String version) { this.version = version; }
  public String getLastSeen() { return lastSeen; }
  public void setLastSeen(String lastSeen) { this.lastSeen = lastSeen; }
  /** Only for the upgrade from a release that kept the hash here (see the field). */
  @Deprecated
  public String getTokenHash() { return tokenHash; }
  @Deprecated
  public void setTokenHash(String tokenHash) { this.tokenHash = tokenHash; }
  public String getSsh() { return ssh; }
  public void setSsh(String ssh) { this.ssh = ssh; }
}
