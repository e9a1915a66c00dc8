package dev.kubicle.operator.console.terminal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.operator.agentapi.AgentConnection;
import dev.kubicle.operator.kube.Json;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser terminal joined to one PTY of a workspace's agent: keystrokes and resizes go to the agent as
 * pty_input / pty_resize requests (in order: the agent handles pty requests in arrival order), the PTY's output
 * comes back as binary frames. Whichever side ends first ends the other: the shell exits, the browser closes, or the
 * agent disconnects.
 */
final class TerminalBridge {
  /** Input beyond this in one frame is refused (a paste of a large file belongs in scp). */
  static final int MAX_INPUT_BYTES = 64 * 1024;
  /** Output queued for a browser that does not read; past it the terminal is closed rather than buffered. */
  static final int MAX_QUEUED_OUTPUT = 4 * 1024 * 1024;
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(TerminalBridge.class);

  private final Vertx vertx;
  private final ServerWebSocket socket;
  private final AgentConnection agent;
  private final String ptyId;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean exited;
  private Runnable unsubscribePty = () -> { };
  private Runnable unsubscribeClose = () -> { };

  TerminalBridge(Vertx vertx, ServerWebSocket socket, AgentConnection agent, String ptyId) {
    this.vertx = vertx;
    this.socket = socket;
    this.agent = agent;
    this.ptyId = ptyId;
  }

  void start(int cols, int rows) {
    socket.setWriteQueueMaxSize(MAX_QUEUED_OUTPUT);
    unsubscribePty = agent.onPty(this::fromAgent);
    unsubscribeClose = agent.onClose(() -> close("the workspace's agent disconnected"));
    socket.textMessageHandler(this::fromBrowser);
    socket.binaryMessageHandler(buffer -> input(buffer.getBytes()));
    socket.closeHandler(v -> close(null));
    socket.exceptionHandler(e -> close(null));
    ObjectNode params = Json.mapper().createObjectNode().put("ptyId", ptyId).put("cols", cols).put("rows", rows);
    call("pty_open", params).whenComplete((result, error) -> {
      if (error != null) {
        close("the agent could not open a terminal: " + rootMessage(error));
      }
    });
  }

  private void fromBrowser(String text) {
    JsonObject message;
    try {
      message = new JsonObject(text);
    } catch (DecodeException e) {
      sendError("a terminal message must be a JSON object such as {\"type\":\"input\",\"data\":\"ls\\r\"}");
      return;
    }
    switch (String.valueOf(message.getValue("type"))) {
      case "input" -> {
        Object data = message.getValue("data");
        if (!(data instanceof String s)) {
          sendError("input needs \"data\" as a string");
          return;
        }
        input(s.getBytes(StandardCharsets.UTF_8));
      }
      case "resize" -> {
        Integer cols = dimension(message.getValue("cols"));
        Integer rows = dimension(message.getValue("rows"));
        if (cols == null || rows == null) {
          sendError("resize needs \"cols\" and \"rows\" as whole numbers from 1 to " + TerminalRoutes.MAX_DIMENSION);
          return;
        }
        call("pty_resize", Json.mapper().createObjectNode().put("ptyId", ptyId).put("cols", cols).put("rows", rows));
      }
      default -> sendError("unknown message type " + message.getValue("type") + " (expected input or resize)");
    }
  }

  private void input(byte[] bytes) {
    if (bytes.length == 0) {
      return;
    }
    if (bytes.length > MAX_INPUT_BYTES) {
      sendError("input of " + bytes.length + " bytes in one message is more than " + MAX_INPUT_BYTES);
      return;
    }
    call("pty_input", Json.mapper().createObjectNode().put("ptyId", ptyId)
        .put("data", Base64.getEncoder().encodeToString(bytes)));
  }

  /** Frames of every PTY on this agent arrive here; only this terminal's are kept. */
  private void fromAgent(JsonNode frame) {
    if (!ptyId.equals(frame.path("ptyId").asText()) || closed.get()) {
      return;
    }
    if ("pty_output".equals(frame.path("type").asText())) {
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(frame.path("data").asText(""));
      } catch (IllegalArgumentException e) {
        LOG.warn("terminal {}: the agent sent output that is not base64", ptyId);
        return;
      }
      if (socket.writeQueueFull()) {
        close("the browser did not keep up with the terminal's output");
        return;
      }
      socket.writeBinaryMessage(Buffer.buffer(bytes));
    } else if ("pty_exit".equals(frame.path("type").asText())) {
      exited = true;
      JsonNode code = frame.path("exitCode");
      if (!socket.isClosed()) {
        socket.writeTextMessage(new JsonObject().put("type", "exit")
            .put("exitCode", code.isNumber() ? code.asInt() : null).encode());
      }
      close(null);
    }
  }

  private CompletableFuture<JsonNode> call(String method, ObjectNode params) {
    String id = ptyId + "-" + requests.incrementAndGet();
    return agent.call(id, method, params, CALL_TIMEOUT).whenComplete((result, error) -> {
      if (error != null && !closed.get()) {
        LOG.debug("terminal {}: {} failed: {}", ptyId, method, rootMessage(error));
        if (!"pty_open".equals(method)) {
          sendError(method + " failed: " + rootMessage(error));
        }
      }
    });
  }

  /** Ends both sides once: tells the browser why (when there is a reason), closes the PTY unless it exited. */
  void close(String reason) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    unsubscribePty.run();
    unsubscribeClose.run();
    if (!exited && agent.isOpen()) {
      agent.call(ptyId + "-close", "pty_close", Json.mapper().createObjectNode().put("ptyId", ptyId), CALL_TIMEOUT)
          .exceptionally(e -> null); // the PTY may have ended by itself in between
    }
    vertx.runOnContext(v -> {
      if (!socket.isClosed()) {
        if (reason != null) {
          socket.writeTextMessage(new JsonObject().put("type", "error").put("message", reason).encode());
        }
        socket.close((short) 1000, reason == null ? null : truncate(reason));
      }
    });
  }

  private void sendError(String message) {
    if (!socket.isClosed()) {
      socket.writeTextMessage(new JsonObject().put("type", "error").put("message", message).encode());
    }
  }

  private static Integer dimension(Object value) {
    if (value instanceof Integer i && i >= 1 && i <= TerminalRoutes.MAX_DIMENSION) {
      return i;
    }
    return null;
  }

  /** A close reason must fit in a control frame (123 bytes, even with 3-byte characters); the full text went first. */
  private static String truncate(String reason) {
    return reason.length() <= 40 ? reason : reason.substring(0, 40);
  }

  private static String rootMessage(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
