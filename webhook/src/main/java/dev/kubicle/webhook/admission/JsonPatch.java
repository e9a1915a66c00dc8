package dev.kubicle.webhook.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds RFC 6902 operations; paths are escaped per RFC 6901 so parameter names with '/' or '~' stay one key. */
public final class JsonPatch {
  private final ObjectMapper json;
  private final ArrayNode operations;

  public JsonPatch(ObjectMapper json) {
    this.json = json;
    this.operations = json.createArrayNode();
  }

  public JsonPatch add(String path, JsonNode value) {
    ObjectNode op = operations.addObject();
    op.put("op", "add");
    op.put("path", path);
    op.set("value", value);
    return this;
  }

  public JsonPatch add(String path, String value) {
    return add(path, json.getNodeFactory().textNode(value));
  }

  public ArrayNode operations() {
    return operations;
  }

  public static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
