package dev.kubicle.operator.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.operator.task.llm.ConversationMessage;
import dev.kubicle.operator.task.llm.TokenCounts;
import dev.kubicle.operator.task.llm.ToolCall;
import dev.kubicle.operator.task.llm.ToolResult;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A conversation message as transcript JSON ({@code role}, {@code text}, {@code toolCalls}, {@code results},
 * {@code usage}; the API serves the same shape) and back. A message over the per-message cap has its texts cut, each
 * with a marker saying so; tool calls are never cut, since a resumed task may have to run them again: a message whose
 * tool calls alone do not fit keeps only their names and is marked as not resumable.
 */
public final class TranscriptCodec {
  static final String MARKER = "\n[transcript: cut to fit, %d bytes, the first %d kept]";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MARKER_RESERVE = 96;

  private TranscriptCodec() {}

  /** A message ready for the store: its JSON, its size before any cut, and what was cut. */
  record Encoded(String role, String body, long bytes, boolean cut, boolean resumable) {}

  static String role(ConversationMessage.Role role) {
    return role.name().toLowerCase(Locale.ROOT);
  }

  static Encoded encode(ConversationMessage message, int maxBytes) {
    String role = role(message.role());
    String full = write(node(message, Integer.MAX_VALUE));
    long bytes = utf8(full);
    if (bytes <= maxBytes) {
      return new Encoded(role, full, bytes, false, true);
    }
    int texts = (message.text() == null ? 0 : 1) + message.results().size();
    long fixed = utf8(write(node(message, 0)));
    long share = texts == 0 ? 0 : (maxBytes - fixed - (long) texts * MARKER_RESERVE) / texts;
    for (int attempt = 0; attempt < 6 && share > 0; attempt++, share /= 2) {
      String cut = write(node(message, (int) Math.min(share, Integer.MAX_VALUE)));
      if (utf8(cut) <= maxBytes) {
        return new Encoded(role, cut, bytes, true, true);
      }
    }
    // The tool calls alone are over the cap (or escaping made everything larger): keep what they were, not them.
    ObjectNode summary = node(message, 0);
    ArrayNode calls = summary.putArray("toolCalls");
    for (ToolCall call : message.toolCalls()) {
      calls.addObject().put("id", call.id()).put("name", call.name()).put("inputOmitted",
          utf8(call.input() == null ? "" : call.input().toString()));
    }
    String body = write(summary);
    if (utf8(body) > maxBytes) {
      body = write(JSON.createObjectNode().put("role", role).put("omitted", "the message is larger than the "
          + "transcript's cap of " + maxBytes + " bytes"));
    }
    return new Encoded(role, body, bytes, true, false);
  }

  /** The message as stored; a cut text stays cut (its marker tells the model so when a task resumes). */
  public static ConversationMessage decode(String body) {
    JsonNode node;
    try {
      node = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("a transcript entry is not JSON: " + e.getOriginalMessage(), e);
    }
    ConversationMessage.Role role = ConversationMessage.Role.valueOf(node.path("role").asText().toUpperCase(
        Locale.ROOT));
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode call : node.path("toolCalls")) {
      calls.add(new ToolCall(text(call, "id"), text(call, "name"), call.has("input") ? call.get("input")
          : JSON.createObjectNode(), text(call, "invalidArguments")));
    }
    List<ToolResult> results = new ArrayList<>();
    for (JsonNode result : node.path("results")) {
      results.add(new ToolResult(text(result, "toolCallId"), text(result, "content"), result.path("error")
          .asBoolean(false)));
    }
    JsonNode u = node.path("usage");
    TokenCounts usage = u.isObject() ? new TokenCounts(u.path("input").asLong(), u.path("output").asLong(),
        u.path("cacheRead").asLong(), u.path("cacheWrite").asLong()) : null;
    return new ConversationMessage(role, text(node, "text"), List.copyOf(calls), List.copyOf(results), usage);
  }

  /** The message as JSON with each text cut to {@code textBytes} (0: left empty, to measure the rest). */
  private static ObjectNode node(ConversationMessage m, int textBytes) {
    ObjectNode node = JSON.createObjectNode().put("role", role(m.role()));
    if (m.text() != null) {
      node.put("text", cut(m.text(), textBytes));
    }
    if (!m.toolCalls().isEmpty()) {
      ArrayNode calls = node.putArray("toolCalls");
      for (ToolCall call : m.toolCalls()) {
        ObjectNode c = calls.addObject().put("id", call.id()).put("name", call.name());
        c.set("input", call.input() == null ? JSON.createObjectNode() : call.input());
        if (call.invalidArguments() != null) {
          c.put("invalidArguments", call.invalidArguments());
        }
      }
    }
    if (!m.results().isEmpty()) {
      ArrayNode results = node.putArray("results");
      for (ToolResult r : m.results()) {
        results.addObject().put("toolCallId", r.toolCallId()).put("content", cut(r.content(), textBytes))
            .put("error", r.error());
      }
    }
    if (m.usage() != null) {
      node.putObject("usage").put("input", m.usage().input()).put("output", m.usage().output())
          .put("cacheRead", m.usage().cacheRead()).put("cacheWrite", m.usage().cacheWrite());
    }
    return node;
  }

  /** {@code text} within {@code maxBytes} of UTF-8, cut on a character boundary, with the marker when cut. */
  static String cut(String text, int maxBytes) {
    if (text == null) {
      return null;
    }
    if (maxBytes == Integer.MAX_VALUE) {
      return text;
    }
    if (maxBytes == 0) {
      return "";
    }
    long total = utf8(text);
    if (total <= maxBytes) {
      return text;
    }
    ByteBuffer out = ByteBuffer.allocate(maxBytes);
    CharBuffer in = CharBuffer.wrap(text);
    StandardCharsets.UTF_8.newEncoder().encode(in, out, true); // stops before a character that would not fit whole
    return text.substring(0, in.position()) + String.format(Locale.ROOT, MARKER, total, out.position());
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a transcript entry could not be written as JSON", e);
    }
  }

  private static long utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
