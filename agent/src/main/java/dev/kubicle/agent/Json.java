package dev.kubicle.agent;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The one JSON mapper of the agent and small helpers for building frames. */
public final class Json {
  /** Unknown fields are ignored: the protocol promises forward compatibility. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private Json() {}

  /** A new frame of the given protocol type. */
  public static ObjectNode frame(String type) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("type", type);
    return node;
  }

  /** Now as RFC 3339 (millisecond precision keeps frames short). */
  public static String now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
