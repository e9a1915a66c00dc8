package dev.kubicle.agent.connection;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Where the agent's frames go; the connection in production, a list in unit tests. */
public interface FrameSink {
  /** Queues one frame; never blocks the caller on the network. */
  void send(ObjectNode frame);
}
