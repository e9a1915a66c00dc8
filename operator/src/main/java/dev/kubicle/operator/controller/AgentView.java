package dev.kubicle.operator.controller;

import dev.kubicle.operator.agentapi.AgentState;
import java.time.Duration;
import java.util.Optional;

/**
 * What the Workspace controller knows of the agent when it derives status.
 *
 * @param expected whether the running template version runs an agent
 * @param state the agent's coarse state, if it ever connected since this operator started
 * @param connectionTimeout how long after a start the agent may take to connect; zero means forever
 * @param controlPlaneUrl the URL agents dial, named in the hint when they do not connect
 * @param watchingSince when this operator started listening for agents: a deadline never falls before it, so a
 *     restarted operator gives agents time to reconnect
 */
public record AgentView(boolean expected, Optional<AgentState> state, Duration connectionTimeout,
    String controlPlaneUrl, java.time.Instant watchingSince) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
}
