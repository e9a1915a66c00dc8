package dev.kubicle.operator.agentapi;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The agents connected to this operator, in memory. Listeners hear of a workspace only when its coarse
 * {@link AgentState} changes (connect, disconnect, lifecycle, version), never on heartbeats or stats.
 */
public class AgentRegistry {
  private final Clock clock;
  private final Map<ResourceID, AgentState> states = new ConcurrentHashMap<>();
  private final Map<ResourceID, AgentSession> sessions = new ConcurrentHashMap<>();
  private final List<Consumer<ResourceID>> listeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<ResourceID>> activityListeners = new CopyOnWriteArrayList<>();
  private final Map<ResourceID, WorkspaceAllowance> allowances = new ConcurrentHashMap<>();
  private final AgentLimits limits;

  public AgentRegistry(Clock clock) {
    this(clock, AgentLimits.defaults());
  }

  public AgentRegistry(Clock clock, AgentLimits limits) {
    this.clock = clock;
    this.limits = limits;
  }

  /** What the workspace may still do (connects, log budget); forgotten with the workspace. */
  WorkspaceAllowance allowance(ResourceID workspace) {
    return allowances.computeIfAbsent(workspace, w -> new WorkspaceAllowance(limits, System::nanoTime));
  }

  /** Number of workspaces with an allowance held, for tests that check what the registry keeps. */
  public int allowanceCount() {
    return allowances.size();
  }

  public void onChange(Consumer<ResourceID> listener) {
    listeners.add(listener);
  }

  /** Hears of every stats report that shows open sessions (activity keeps a workspace alive). */
  public void onActivity(Consumer<ResourceID> listener) {
    activityListeners.add(listener);
  }

  void activity(ResourceID workspace) {
    activityListeners.forEach(l -> l.accept(workspace));
  }

  public Optional<AgentState> state(ResourceID workspace) {
    return Optional.ofNullable(states.get(workspace));
  }

  /** The live session, when the agent is connected now. */
  public Optional<AgentSession> session(ResourceID workspace) {
    return Optional.ofNullable(sessions.get(workspace));
  }

  /** Number of agents connected now. */
  public int connectedCount() {
    return sessions.size();
  }

  /** @param workspaceUid the metadata.uid of the Workspace the agent was admitted for */
  AgentSession connected(ResourceID workspace, String workspaceUid, AgentConnection connection, String version) {
    Instant now = clock.instant();
    AgentSession session = new AgentSession(connection, workspaceUid, now);
    AgentSession previous = sessions.put(workspace, session);
    if (previous != null && previous.connection() != connection) {
      // One agent per workspace: the newest connection wins (the old one is a dead socket or a stale process).
      previous.connection().close();
    }
    AgentState before = states.get(workspace);
    String lifecycle = before == null ? AgentState.CREATED : before.lifecycle();
    update(workspace, new AgentState(true, lifecycle, version, now));
    return session;
  }

  void lifecycle(ResourceID workspace, String lifecycle) {
    AgentState before = states.get(workspace);
    if (before != null) {
      update(workspace, new AgentState(before.connected(), lifecycle, before.version(), before.since()));
    }
  }

  void disconnected(ResourceID workspace, AgentConnection connection) {
    AgentSession session = sessions.get(workspace);
    if (session == null || session.connection() != connection) {
      return; // an older connection, already replaced
    }
    sessions.remove(workspace, session);
    connection.closed();
    AgentState before = states.get(workspace);
    if (before != null) {
      update(workspace, new AgentState(false, before.lifecycle(), before.version(), clock.instant()));
    }
  }

  /** Ends a workspace's agent connection after a stop: its token is no longer valid, its state says so. */
  public void revoke(ResourceID workspace) {
    AgentSession session = sessions.get(workspace);
    if (session != null) {
      disconnected(workspace, session.connection());
      session.connection().close();
    }
  }

  /** Forgets a workspace's agent (its workspace stopped or was deleted); a later connect starts fresh. */
  public void forget(ResourceID workspace) {
    AgentSession session = sessions.remove(workspace);
    if (session != null) {
      session.connection().close();
    }
    states.remove(workspace);
    allowances.remove(workspace);
  }

  private void update(ResourceID workspace, AgentState next) {
    AgentState before = states.put(workspace, next);
    boolean changed = before == null || before.connected() != next.connected()
        || !Objects.equals(before.lifecycle(), next.lifecycle()) || !Objects.equals(before.version(), next.version());
    if (changed) {
      listeners.forEach(l -> l.accept(workspace));
    }
  }
}
