package dev.kubicle.agent.requests;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** Typed access to a request's params; a missing or mistyped field becomes a bad_request naming it. */
final class Params {
  private final JsonNode node;

  Params(JsonNode node) {
    this.node = node == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : node;
  }

  String requiredText(String name) throws RequestError {
    String value = text(name, null);
    if (value == null) {
      throw RequestError.badRequest("params." + name + " is required");
    }
    return value;
  }

  String text(String name, String fallback) throws RequestError {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isTextual()) {
      throw RequestError.badRequest("params." + name + " must be a string");
    }
    return value.asText();
  }

  long number(String name, long fallback) throws RequestError {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isIntegralNumber()) {
      throw RequestError.badRequest("params." + name + " must be an integer");
    }
    return value.asLong();
  }

  Long optionalNumber(String name) throws RequestError {
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? null : number(name, 0);
  }

  boolean flag(String name) throws RequestError {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw RequestError.badRequest("params." + name + " must be true or false");
    }
    return value.asBoolean();
  }

  Map<String, String> stringMap(String name) throws RequestError {
    JsonNode value = node.get(name);
    Map<String, String> map = new LinkedHashMap<>();
    if (value == null || value.isNull()) {
      return map;
    }
    if (!value.isObject()) {
      throw RequestError.badRequest("params." + name + " must be an object of strings");
    }
    var fields = value.fields();
    while (fields.hasNext()) {
      var field = fields.next();
      if (!field.getValue().isValueNode()) {
        throw RequestError.badRequest("params." + name + "." + field.getKey() + " must be a string");
      }
      map.put(field.getKey(), field.getValue().asText());
    }
    return map;
  }
}
