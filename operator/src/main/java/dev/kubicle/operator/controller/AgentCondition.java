package dev.kubicle.operator.controller;

import dev.kubicle.api.v1alpha1.AgentStatus;
import dev.kubicle.api.v1alpha1.BuildRecord;
import dev.kubicle.api.v1alpha1.BuildTransition;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.api.v1alpha1.WorkspaceStatus;
import dev.kubicle.operator.agentapi.AgentState;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Decides the AgentConnected condition with a reason that tells the user what to check (Coder's health reasons),
 * and the coarse agent part of status. Pure: same inputs, same answer, so re-deriving writes nothing.
 */
final class AgentCondition {
  /** The condition's parts, and when to look again (the connection deadline), if a deadline is pending. */
  record Outcome(boolean ok, String reason, String message, boolean ready, String readyReason, String readyMessage,
      Optional<Instant> recheckAt) {}

  private AgentCondition() {}

  static Outcome decide(WorkspacePhase phase, WorkspaceStatus status, AgentView view, Instant now) {
    if (!view.expected()) {
      return new Outcome(true, "NotRequired", "This template runs no agent", phase == WorkspacePhase.Running,
          phase == WorkspacePhase.Running ? "Running" : phase.name(), null, Optional.empty());
    }
    if (phase != WorkspacePhase.Running) {
      return new Outcome(false, "NotRunning", "The workspace is not running", false, phase.name(), null,
          Optional.empty());
    }
    Optional<AgentState> state = view.state();
    if (state.isPresent() && state.get().connected()) {
      String lifecycle = state.get().lifecycle();
      String message = "Agent " + Optional.ofNullable(state.get().version()).orElse("") + " connected; " + lifecycle;
      return switch (lifecycle) {
        case AgentState.READY -> new Outcome(true, "Connected", message, true, "Running", null, Optional.empty());
        case AgentState.START_ERROR -> new Outcome(true, "Connected", message, false, "StartupScriptFailed",
            "The startup script failed; its output is in the agent log", Optional.empty());
        case AgentState.START_TIMEOUT -> new Outcome(true, "Connected", message, false, "StartupScriptTimeout",
            "The startup script ran past its timeout and was stopped", Optional.empty());
        default -> new Outcome(true, "Connected", message, false, "AgentStarting",
            "The agent is running the startup script", Optional.empty());
      };
    }
    if (state.isPresent()) {
      return new Outcome(false, "Disconnected", "The agent lost its connection at " + state.get().since()
          + "; check that the workspace is still running", false, "AgentDisconnected", null, Optional.empty());
    }
    Instant startedAt = startFinishedAt(status);
    if (view.connectionTimeout().isZero() || startedAt == null) {
      return new Outcome(false, "Connecting", "Waiting for the agent to connect", false, "AgentConnecting", null,
          Optional.empty());
    }
    Instant from = startedAt.isAfter(view.watchingSince()) ? startedAt : view.watchingSince();
    Instant deadline = from.plus(view.connectionTimeout());
    if (now.isBefore(deadline)) {
      return new Outcome(false, "Connecting", "Waiting for the agent to connect (up to "
          + view.connectionTimeout().toSeconds() + " s after the start)", false, "AgentConnecting", null,
          Optional.of(deadline));
    }
    return new Outcome(false, "Timeout", "The agent has not connected within " + view.connectionTimeout().toSeconds()
        + " s of the start. Check that the template runs var.kubicle_agent_init_command with the agent token "
        + "(var.kubicle_agent_token), and that the workspace can reach " + view.controlPlaneUrl(), false,
        "AgentNotConnected", null, Optional.empty());
  }

  /** The coarse agent status: changes only on connect, disconnect, lifecycle or version. */
  static AgentStatus status(AgentStatus previous, AgentView view) {
    AgentStatus next = new AgentStatus();
    next.setSsh(previous == null ? null : previous.getSsh());
    if (view.state().isPresent()) {
      AgentState s = view.state().get();
      next.setConnected(s.connected());
      next.setLifecycle(s.lifecycle());
      next.setVersion(s.version());
      next.setLastSeen(s.since().truncatedTo(ChronoUnit.MINUTES).toString());
    } else if (previous != null) {
      // Nothing in memory (this operator started after the agent's last change): keep what status said.
      next.setConnected(previous.getConnected());
      next.setLifecycle(previous.getLifecycle());
      next.setVersion(previous.getVersion());
      next.setLastSeen(previous.getLastSeen());
    }
    boolean empty = next.getConnected() == null && next.getSsh() == null;
    return empty ? null : next;
  }

  private static Instant startFinishedAt(WorkspaceStatus status) {
    BuildRecord build = status.getCurrentBuild();
    if (build == null || build.getTransition() != BuildTransition.START || build.getFinishedAt() == null) {
      return null;
    }
    return Instant.parse(build.getFinishedAt());
  }

  static Duration orDefault(Duration timeout) {
    return timeout == null ? AgentView.DEFAULT_TIMEOUT : timeout;
  }
}
