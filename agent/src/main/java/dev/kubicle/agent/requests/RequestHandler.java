package dev.kubicle.agent.requests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One request method: params in, result object out, or a {@link RequestError}. */
@FunctionalInterface
public interface RequestHandler {
  ObjectNode handle(JsonNode params) throws Exception;
}
