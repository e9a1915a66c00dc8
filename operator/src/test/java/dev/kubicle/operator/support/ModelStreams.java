package dev.kubicle.operator.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.operator.kube.Json;
import java.util.List;

/**
 * Writes well-formed model streams for scripted conversations, in both wire formats, with each tool call's
 * arguments split across two fragments as real servers do. The quirky streams are fixture files instead.
 */
public final class ModelStreams {
  private ModelStreams() {}

  /** A tool call to script: id null leaves it out (OpenAI-compatible servers that send none). */
  public record Call(String id, String name, String argumentsJson) {}

  /** Tokens a scripted answer reports. */
  public record Usage(long input, long output, long cacheRead, long cacheWrite) {}

  public static Call call(String id, String name, String json) {
    return new Call(id, name, json);
  }

  public static String anthropic(String text, List<Call> calls, Usage usage) {
    StringBuilder out = new StringBuilder();
    ObjectNode start = Json.mapper().createObjectNode().put("type", "message_start");
    ObjectNode message = start.putObject("message").put("id", "msg_scripted").put("type", "message")
        .put("role", "assistant").put("model", "scripted");
    message.putArray("content");
    message.putObject("usage").put("input_tokens", usage.input()).put("output_tokens", 1)
        .put("cache_read_input_tokens", usage.cacheRead()).put("cache_creation_input_tokens", usage.cacheWrite());
    event(out, "message_start", start);
    int index = 0;
    if (text != null && !text.isEmpty()) {
      event(out, "content_block_start", Json.mapper().createObjectNode().put("type", "content_block_start")
          .put("index", index).set("content_block", Json.mapper().createObjectNode().put("type", "text")
              .put("text", "")));
      int half = text.length() / 2;
      for (String part : new String[] {text.substring(0, half), text.substring(half)}) {
        ObjectNode delta = Json.mapper().createObjectNode().put("type", "content_block_delta").put("index", index);
        delta.putObject("delta").put("type", "text_delta").put("text", part);
        event(out, "content_block_delta", delta);
      }
      event(out, "content_block_stop", Json.mapper().createObjectNode().put("type", "content_block_stop")
          .put("index", index));
      index++;
    }
    for (Call c : calls) {
      ObjectNode block = Json.mapper().createObjectNode().put("type", "tool_use").put("id", c.id())
          .put("name", c.name());
      block.putObject("input");
      event(out, "content_block_start", Json.mapper().createObjectNode().put("type", "content_block_start")
          .put("index", index).set("content_block", block));
      int half = c.argumentsJson().length() / 2;
      for (String part : new String[] {c.argumentsJson().substring(0, half), c.argumentsJson().substring(half)}) {
        ObjectNode delta = Json.mapper().createObjectNode().put("type", "content_block_delta").put("index", index);
        delta.putObject("delta").put("type", "input_json_delta").put("partial_json", part);
        event(out, "content_block_delta", delta);
      }
      event(out, "content_block_stop", Json.mapper().createObjectNode().put("type", "content_block_stop")
          .put("index", index));
      index++;
    }
    ObjectNode delta = Json.mapper().createObjectNode().put("type", "message_delta");
    delta.putObject("delta").put("stop_reason", calls.isEmpty() ? "end_turn" : "tool_use");
    delta.putObject("usage").put("output_tokens", usage.output());
    event(out, "message_delta", delta);
    event(out, "message_stop", Json.mapper().createObjectNode().put("type", "message_stop"));
    return out.toString();
  }

  /** OpenAI's stream; usage (cache reads as cached prompt tokens) in a usage-only last chunk. */
  public static String openAi(String text, List<Call> calls, Usage usage) {
    StringBuilder out = new StringBuilder();
    data(out, chunk().set("choices", Json.mapper().createArrayNode().add(Json.mapper().createObjectNode()
        .put("index", 0).set("delta", Json.mapper().createObjectNode().put("role", "assistant")))));
    if (text != null && !text.isEmpty()) {
      int half = text.length() / 2;
      for (String part : new String[] {text.substring(0, half), text.substring(half)}) {
        data(out, chunk().set("choices", Json.mapper().createArrayNode().add(Json.mapper().createObjectNode()
            .put("index", 0).set("delta", Json.mapper().createObjectNode().put("content", part)))));
      }
    }
    for (int i = 0; i < calls.size(); i++) {
      Call c = calls.get(i);
      int half = c.argumentsJson().length() / 2;
      for (int part = 0; part < 2; part++) {
        ObjectNode call = Json.mapper().createObjectNode().put("index", i);
        ObjectNode function = call.putObject("function");
        if (part == 0) {
          if (c.id() != null) {
            call.put("id", c.id());
          }
          call.put("type", "function");
          function.put("name", c.name());
        }
        function.put("arguments", part == 0 ? c.argumentsJson().substring(0, half)
            : c.argumentsJson().substring(half));
        ObjectNode delta = Json.mapper().createObjectNode();
        delta.putArray("tool_calls").add(call);
        data(out, chunk().set("choices", Json.mapper().createArrayNode().add(Json.mapper().createObjectNode()
            .put("index", 0).set("delta", delta))));
      }
    }
    data(out, chunk().set("choices", Json.mapper().createArrayNode().add(Json.mapper().createObjectNode()
        .put("index", 0).put("finish_reason", calls.isEmpty() ? "stop" : "tool_calls")
        .set("delta", Json.mapper().createObjectNode()))));
    ObjectNode last = chunk();
    last.putArray("choices");
    ObjectNode u = last.putObject("usage").put("prompt_tokens", usage.input() + usage.cacheRead())
        .put("completion_tokens", usage.output())
        .put("total_tokens", usage.input() + usage.cacheRead() + usage.output());
    u.putObject("prompt_tokens_details").put("cached_tokens", usage.cacheRead());
    data(out, last);
    out.append("data: [DONE]\n\n");
    return out.toString();
  }

  private static ObjectNode chunk() {
    return Json.mapper().createObjectNode().put("id", "chatcmpl-scripted").put("object", "chat.completion.chunk")
        .put("model", "scripted");
  }

  private static void event(StringBuilder out, String name, ObjectNode data) {
    out.append("event: ").append(name).append('\n').append("data: ").append(data).append("\n\n");
  }

  private static void data(StringBuilder out, ObjectNode data) {
    out.append("data: ").append(data).append("\n\n");
  }
}
