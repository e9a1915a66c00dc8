package dev.kubicle.operator.agentapi;

import java.time.Instant;

/**
 * What the control plane shows of one workspace's agent: coarse on purpose. Only a change of this record reaches
 * the Workspace status; heartbeats, stats and metadata stay in memory.
 *
 * @param since when the agent connected, or when it was last seen if it is not connected now
 */
public record AgentState(boolean connected, String lifecycle, String version, Instant since) {
  public static final String CREATED = "created";
  public static final String READY = "ready";
  public static final String START_ERROR = "start_error";
  public static final String START_TIMEOUT = "start_timeout";
}
