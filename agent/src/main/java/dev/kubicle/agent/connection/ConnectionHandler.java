package dev.kubicle.agent.connection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** What the agent does with a connection: what it says first, and what it does with each frame it receives. */
public interface ConnectionHandler {
  /** Frames sent before anything else on every new connection: hello, lifecycle, stats. */
  List<ObjectNode> greeting();

  /** One frame from the control plane; called on the receiving thread, so must not block for long. */
  void onFrame(JsonNode frame);
}
