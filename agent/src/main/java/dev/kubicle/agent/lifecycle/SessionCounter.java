package dev.kubicle.agent.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.agent.Json;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts open sessions by kind for the stats frame; the control plane derives activity from it. */
public final class SessionCounter {
  /** The kinds named in the protocol's stats frame. */
  public enum Kind { SSH, TERMINAL, PORT_FORWARD, TASK }

  private final Map<Kind, AtomicInteger> counts = new EnumMap<>(Kind.class);

  public SessionCounter() {
    for (Kind kind : Kind.values()) {
      counts.put(kind, new AtomicInteger());
    }
  }

  public void opened(Kind kind) {
    counts.get(kind).incrementAndGet();
  }

  public void closed(Kind kind) {
    counts.get(kind).updateAndGet(n -> Math.max(0, n - 1));
  }

  public int count(Kind kind) {
    return counts.get(kind).get();
  }

  /** The {@code sessions} object: {"ssh": n, "terminal": n, "port_forward": n, "task": n}. */
  public ObjectNode snapshot() {
    ObjectNode sessions = Json.MAPPER.createObjectNode();
    for (Kind kind : Kind.values()) {
      sessions.put(kind.name().toLowerCase(Locale.ROOT), counts.get(kind).get());
    }
    return sessions;
  }
}
