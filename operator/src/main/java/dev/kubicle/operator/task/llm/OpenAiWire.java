package dev.kubicle.operator.task.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.operator.kube.Json;
import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * OpenAI's Chat Completions, also spoken by vLLM, Ollama and llama.cpp: "data:" chunks whose tool-call fragments
 * join by index, an optional usage-only last chunk (choices empty or null), then "data: [DONE]".
 */
public final class OpenAiWire implements WireFormat {
  private final boolean compatible;

  /** @param compatible an OpenAI-compatible server: max_tokens (widely understood) instead of max_completion_tokens */
  public OpenAiWire(boolean compatible) {
    this.compatible = compatible;
  }

  @Override
  public ObjectNode body(ModelRequest request) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("model", request.model().wireModel());
    body.put(compatible ? "max_tokens" : "max_completion_tokens", request.model().maxOutputTokens());
    body.put("stream", true);
    body.putObject("stream_options").put("include_usage", true);
    ArrayNode messages = body.putArray("messages");
    if (request.system() != null) {
      messages.addObject().put("role", "system").put("content", request.system());
    }
    for (ConversationMessage m : request.messages()) {
      switch (m.role()) {
        case USER -> messages.addObject().put("role", "user").put("content", m.text());
        case ASSISTANT -> {
          ObjectNode out = messages.addObject().put("role", "assistant");
          if (m.text() != null && !m.text().isEmpty()) {
            out.put("content", m.text());
          } else {
            out.putNull("content");
          }
          if (!m.toolCalls().isEmpty()) {
            ArrayNode calls = out.putArray("tool_calls");
            for (ToolCall call : m.toolCalls()) {
              ObjectNode c = calls.addObject().put("id", call.id()).put("type", "function");
              c.putObject("function").put("name", call.name()).put("arguments",
                  call.input() == null ? "{}" : call.input().toString());
            }
          }
        }
        case TOOL_RESULTS -> {
          for (ToolResult r : m.results()) {
            // Chat Completions has no error flag: the text says so.
            messages.addObject().put("role", "tool").put("tool_call_id", r.toolCallId())
                .put("content", r.error() ? "ERROR: " + r.content() : r.content());
          }
        }
        default -> throw new IllegalArgumentException("unknown role " + m.role());
      }
    }
    if (!request.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      for (ToolDefinition t : request.tools()) {
        ObjectNode f = tools.addObject().put("type", "function").putObject("function");
        f.put("name", t.name());
        f.put("description", t.description());
        f.set("parameters", t.inputSchema());
      }
    }
    body.put("user", request.user());
    return body;
  }

  @Override
  public Map<String, String> headers(ModelRequest request) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("accept", "text/event-stream");
    if (request.apiKey() != null) {
      headers.put("authorization", "Bearer " + request.apiKey());
    }
    return headers;
  }

  @Override
  public ModelCallException httpError(int status, String body, HttpHeaders headers) {
    return HttpErrors.from(compatible ? "the OpenAI-compatible server" : "OpenAI", status, body, headers);
  }

  @Override
  public StreamReader reader() {
    return new Reader();
  }

  /** Joins choice 0's content and tool-call fragments by index; usage may come in any chunk, the last wins. */
  private static final class Reader implements StreamReader {
    private final StringBuilder text = new StringBuilder();
    private final Map<Integer, Slot> slots = new TreeMap<>();
    private TokenCounts usage = TokenCounts.ZERO;
    private String finishReason;
    private boolean done;
    private int chunks;

    private static final class Slot {
      String id;
      String name;
      final StringBuilder arguments = new StringBuilder();
      JsonNode objectArguments;
    }

    @Override
    public void event(String event, String data) {
      if (data.strip().equals("[DONE]")) {
        done = true;
        return;
      }
      chunks++;
      JsonNode chunk = HttpErrors.parse(data);
      if (chunk.has("error")) {
        JsonNode error = chunk.get("error");
        String kind = error.path("type").asText(error.path("code").asText("error"));
        throw new ModelCallException("the model stream failed: " + kind + ": " + error.path("message").asText(""),
            HttpErrors.retryableType(kind), 0, null);
      }
      JsonNode choices = chunk.path("choices");
      if (choices.isArray()) {
        for (JsonNode choice : choices) {
          if (choice.path("index").asInt(0) == 0) {
            choice(choice);
          }
        }
      }
      JsonNode u = chunk.get("usage");
      if (u != null && u.isObject()) {
        long prompt = u.path("prompt_tokens").asLong(0);
        long cached = u.path("prompt_tokens_details").path("cached_tokens").asLong(0);
        usage = new TokenCounts(Math.max(0, prompt - cached), u.path("completion_tokens").asLong(0), cached, 0);
      }
    }

    private void choice(JsonNode choice) {
      JsonNode delta = choice.path("delta");
      if (delta.hasNonNull("content")) {
        text.append(delta.get("content").asText());
      }
      JsonNode calls = delta.path("tool_calls");
      if (calls.isArray()) {
        int position = 0;
        for (JsonNode call : calls) {
          int index = call.path("index").asInt(position);
          Slot slot = slots.computeIfAbsent(index, i -> new Slot());
          if (call.hasNonNull("id") && slot.id == null) {
            slot.id = call.get("id").asText();
          }
          JsonNode function = call.path("function");
          if (function.hasNonNull("name") && slot.name == null) {
            slot.name = function.get("name").asText();
          }
          JsonNode args = function.get("arguments");
          if (args != null && args.isTextual()) {
            slot.arguments.append(args.asText());
          } else if (args != null && args.isObject()) {
            slot.objectArguments = args; // some compatible servers send an object, not a string
          }
          position++;
        }
      }
      if (choice.hasNonNull("finish_reason")) {
        finishReason = choice.get("finish_reason").asText();
      }
    }

    @Override
    public ModelReply finish() {
      // Servers that omit [DONE] still finish the choice; a stream with neither was cut.
      if (!done && finishReason == null) {
        String cut = slots.values().stream().reduce((a, b) -> b)
            .map(s -> "; the last tool call (" + s.name + ") was cut off and is not run").orElse("");
        throw ModelCallException.transientFailure("the model stream ended before it finished (no finish_reason, "
            + "no [DONE] after " + chunks + " chunks)" + cut);
      }
      List<ToolCall> calls = new ArrayList<>();
      for (Slot s : slots.values()) {
        if (s.name == null) {
          continue; // fragments without a function name cannot be called
        }
        calls.add(ToolArguments.call(s.id, s.name, s.arguments.length() > 0 ? s.arguments.toString() : null,
            s.objectArguments));
      }
      return new ModelReply(text.toString(), calls, finishReason, usage, 1, 0);
    }
  }
}
