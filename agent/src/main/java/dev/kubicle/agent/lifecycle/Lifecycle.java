package dev.kubicle.agent.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.agent.Json;
import dev.kubicle.agent.connection.FrameSink;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agent's lifecycle state: reported on every change and re-sent after each connect. */
public final class Lifecycle {
  private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

  /** The protocol's states, in the order a workspace normally goes through them. */
  public enum State {
    CREATED, STARTING, READY, START_ERROR, START_TIMEOUT, SHUTTING_DOWN, OFF;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final FrameSink sink;
  private State state = State.CREATED;
  private String at = Json.now();
  private String message;

  public Lifecycle(FrameSink sink) {
    this.sink = sink;
  }

  /**
   * Moves to a new state and reports it. Once shutting down, only {@code off} is accepted, so a startup script that
   * finishes late cannot report ready on a stopping workspace.
   */
  public synchronized boolean moveTo(State next, String why) {
    if ((state == State.SHUTTING_DOWN && next != State.OFF) || state == State.OFF) {
      return false;
    }
    state = next;
    at = Json.now();
    message = why;
    log.info("lifecycle {}{}", next.wire(), why == null ? "" : ": " + why);
    sink.send(frame());
    return true;
  }

  public synchronized State state() {
    return state;
  }

  /** The current state as a frame, for the greeting after a connect. */
  public synchronized ObjectNode frame() {
    ObjectNode frame = Json.frame("lifecycle");
    frame.put("state", state.wire());
    frame.put("at", at);
    if (message != null) {
      frame.put("message", message);
    }
    return frame;
  }
}
