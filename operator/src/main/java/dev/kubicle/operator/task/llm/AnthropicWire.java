package dev.kubicle.operator.task.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.operator.kube.Json;
import java.net.http.HttpHeaders;
import java.util.LinkedHashMap;
import java.util.Map;

/** Anthropic's Messages API: request body, headers, and the SSE event stream (message_start … message_stop). */
public final class AnthropicWire implements WireFormat {
  static final String VERSION = "2023-06-01";

  @Override
  public ObjectNode body(ModelRequest request) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("model", request.model().wireModel());
    body.put("max_tokens", request.model().maxOutputTokens());
    body.put("stream", true);
    if (request.system() != null) {
      ObjectNode system = body.putArray("system").addObject();
      system.put("type", "text");
      system.put("text", request.system());
      // The system prompt and tools repeat on every turn: cache them (cache reads cost a tenth of input).
      system.putObject("cache_control").put("type", "ephemeral");
    }
    ArrayNode messages = body.putArray("messages");
    for (ConversationMessage m : request.messages()) {
      messages.add(message(m));
    }
    ArrayNode tools = body.putArray("tools");
    for (ToolDefinition t : request.tools()) {
      ObjectNode tool = tools.addObject();
      tool.put("name", t.name());
      tool.put("description", t.description());
      tool.set("input_schema", t.inputSchema());
    }
    body.putObject("metadata").put("user_id", request.user());
    return body;
  }

  private static ObjectNode message(ConversationMessage m) {
    ObjectNode out = Json.mapper().createObjectNode();
    switch (m.role()) {
      case USER -> {
        out.put("role", "user");
        out.put("content", m.text());
      }
      case ASSISTANT -> {
        out.put("role", "assistant");
        ArrayNode content = out.putArray("content");
        if (m.text() != null && !m.text().isBlank()) {
          content.addObject().put("type", "text").put("text", m.text());
        }
        for (ToolCall call : m.toolCalls()) {
          ObjectNode use = content.addObject();
          use.put("type", "tool_use");
          use.put("id", call.id());
          use.put("name", call.name());
          use.set("input", call.input() != null && call.input().isObject() ? call.input()
              : Json.mapper().createObjectNode());
        }
        if (content.isEmpty()) {
          content.addObject().put("type", "text").put("text", "(no answer)"); // empty content is refused
        }
      }
      case TOOL_RESULTS -> {
        out.put("role", "user");
        ArrayNode content = out.putArray("content"); // tool results only, so they come first as required
        for (ToolResult r : m.results()) {
          ObjectNode result = content.addObject();
          result.put("type", "tool_result");
          result.put("tool_use_id", r.toolCallId());
          result.put("content", r.content());
          if (r.error()) {
            result.put("is_error", true);
          }
        }
      }
      default -> throw new IllegalArgumentException("unknown role " + m.role());
    }
    return out;
  }

  @Override
  public Map<String, String> headers(ModelRequest request) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("anthropic-version", VERSION);
    headers.put("accept", "text/event-stream");
    if (request.apiKey() != null) {
      headers.put("x-api-key", request.apiKey());
    }
    return headers;
  }

  @Override
  public ModelCallException httpError(int status, String body, HttpHeaders headers) {
    return HttpErrors.from("Anthropic", status, body, headers);
  }

  @Override
  public StreamReader reader() {
    return new Reader();
  }

  /** Accumulates content blocks by index; tool input arrives as JSON fragments (input_json_delta). */
  private static final class Reader implements StreamReader {
    private final Map<Integer, Block> blocks = new LinkedHashMap<>();
    private long input;
    private long output;
    private long cacheRead;
    private long cacheWrite;
    private String stopReason;
    private boolean stopped;
    private int events;

    private static final class Block {
      final String type;
      final StringBuilder text = new StringBuilder();
      final StringBuilder json = new StringBuilder();
      String id;
      String name;
      JsonNode startInput;

      Block(String type) {
        this.type = type;
      }
    }

    @Override
    public void event(String event, String data) {
      events++;
      JsonNode json = HttpErrors.parse(data);
      String type = json.path("type").asText(event);
      switch (type) {
        case "message_start" -> usage(json.path("message").path("usage"));
        case "content_block_start" -> {
          JsonNode cb = json.path("content_block");
          Block block = new Block(cb.path("type").asText());
          block.id = cb.path("id").asText(null);
          block.name = cb.path("name").asText(null);
          block.startInput = cb.get("input");
          if (cb.hasNonNull("text")) {
            block.text.append(cb.get("text").asText());
          }
          blocks.put(json.path("index").asInt(blocks.size()), block);
        }
        case "content_block_delta" -> {
          Block block = blocks.get(json.path("index").asInt(-1));
          JsonNode delta = json.path("delta");
          if (block == null) {
            return; // a delta for a block we never saw start: nothing sensible to add it to
          }
          switch (delta.path("type").asText()) {
            case "text_delta" -> block.text.append(delta.path("text").asText());
            case "input_json_delta" -> block.json.append(delta.path("partial_json").asText());
            default -> { } // thinking and signature deltas: not used by the loop
          }
        }
        case "message_delta" -> {
          if (json.path("delta").hasNonNull("stop_reason")) {
            stopReason = json.path("delta").get("stop_reason").asText();
          }
          usage(json.path("usage"));
        }
        case "message_stop" -> stopped = true;
        case "error" -> {
          JsonNode error = json.path("error");
          String kind = error.path("type").asText("error");
          throw new ModelCallException("Anthropic stream failed: " + kind + ": " + error.path("message").asText(""),
              HttpErrors.retryableType(kind), 0, null);
        }
        default -> { } // ping, and event types added later
      }
    }

    /** Usage fields arrive in message_start and (cumulative) in message_delta: the latest value wins. */
    private void usage(JsonNode usage) {
      if (usage.hasNonNull("input_tokens")) {
        input = usage.get("input_tokens").asLong();
      }
      if (usage.hasNonNull("output_tokens")) {
        output = usage.get("output_tokens").asLong();
      }
      if (usage.hasNonNull("cache_read_input_tokens")) {
        cacheRead = usage.get("cache_read_input_tokens").asLong();
      }
      if (usage.hasNonNull("cache_creation_input_tokens")) {
        cacheWrite = usage.get("cache_creation_input_tokens").asLong();
      }
    }

    @Override
    public ModelReply finish() {
      if (!stopped) {
        String cut = blocks.values().stream().filter(b -> b.type.equals("tool_use")).reduce((a, b) -> b)
            .map(b -> "; the last tool call (" + b.name + ") was cut off and is not run").orElse("");
        throw ModelCallException.transientFailure("the Anthropic stream ended before message_stop (after "
            + events + " events)" + cut);
      }
      StringBuilder text = new StringBuilder();
      java.util.List<ToolCall> calls = new java.util.ArrayList<>();
      for (Block b : blocks.values()) {
        if (b.type.equals("text")) {
          text.append(b.text);
        } else if (b.type.equals("tool_use")) {
          calls.add(ToolArguments.call(b.id, b.name, b.json.length() > 0 ? b.json.toString() : null, b.startInput));
        }
      }
      return new ModelReply(text.toString(), calls, stopReason, new TokenCounts(input, output, cacheRead,
          cacheWrite), 1, 0);
    }
  }
}
