package dev.kubicle.operator.agentapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Everything the control plane holds in memory about one connected agent, beyond its coarse state. */
public final class AgentSession {
  /** Lines of startup-script output kept for the user to see why a start failed. */
  static final int LOG_LINES = 200;

  private final AgentConnection connection;
  private final String workspaceUid;
  private final Deque<String> log = new ArrayDeque<>();
  private final Map<String, String> metadata = new ConcurrentHashMap<>();
  private volatile Map<String, Integer> sessions = Map.of();
  private volatile Instant lastSeen;

  /** @param workspaceUid the metadata.uid of the Workspace the agent was admitted for (by its token) */
  AgentSession(AgentConnection connection, String workspaceUid, Instant now) {
    this.connection = connection;
    this.workspaceUid = workspaceUid;
    this.lastSeen = now;
  }

  public AgentConnection connection() {
    return connection;
  }

  /**
   * The UID of the Workspace this agent was admitted for: a session registered under a workspace's name may belong
   * to an older or newer workspace of that name, and only this tells them apart.
   */
  public String workspaceUid() {
    return workspaceUid;
  }

  /** Open sessions by kind (ssh, terminal, port_forward, task), from the latest stats report. */
  public Map<String, Integer> sessions() {
    return sessions;
  }

  public Instant lastSeen() {
    return lastSeen;
  }

  public Map<String, String> metadata() {
    return Map.copyOf(metadata);
  }

  public synchronized List<String> log() {
    return List.copyOf(log);
  }

  void seen(Instant now) {
    lastSeen = now;
  }

  /**
   * Keeps the first {@code maxKinds} counts that are whole numbers, under names no longer than 64 characters;
   * anything else in the frame is ignored (a newer agent may report more).
   */
  void stats(JsonNode counts, int maxKinds) {
    Map<String, Integer> map = new java.util.LinkedHashMap<>();
    var fields = counts.fields();
    while (fields.hasNext() && map.size() < maxKinds) {
      var e = fields.next();
      if (e.getKey().length() <= 64 && e.getValue().canConvertToInt() && e.getValue().isIntegralNumber()) {
        map.put(e.getKey(), e.getValue().intValue());
      }
    }
    sessions = Map.copyOf(map);
  }

  void metadata(String key, String value) {
    metadata.put(key, value);
  }

  synchronized void log(List<String> lines) {
    for (String line : lines) {
      log.addLast(line);
      if (log.size() > LOG_LINES) {
        log.removeFirst();
      }
    }
  }
}
