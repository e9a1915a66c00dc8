package dev.kubicle.operator.agentapi;

import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * Registers an agent session without a socket, for tests of code that looks sessions up: the session's connection
 * has no socket, so anything actually sent to it fails (which such a test wants to notice).
 */
public final class FakeAgentSessions {
  private FakeAgentSessions() {}

  /** Registers a session under {@code workspace} as admitted for the Workspace whose UID is {@code workspaceUid}. */
  public static AgentSession connect(AgentRegistry registry, ResourceID workspace, String workspaceUid) {
    return registry.connected(workspace, workspaceUid, new AgentConnection(null, () -> {}), "fake");
  }
}
