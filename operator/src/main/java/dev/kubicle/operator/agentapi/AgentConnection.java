package dev.kubicle.operator.agentapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.operator.kube.Json;
import io.vertx.core.http.ServerWebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One agent's WebSocket, seen from the control plane: sends frames and matches responses to requests by id.
 * Requests are idempotent on the agent's side, so a caller that retries with the same id never runs work twice.
 */
public final class AgentConnection {
  private final ServerWebSocket socket;
  private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<Consumer<JsonNode>> ptyListeners = new CopyOnWriteArrayList<>();
  private final List<Runnable> closeListeners = new CopyOnWriteArrayList<>();
  /** PTYs this operator opened on the agent; output for any other is dropped. */
  private final Set<String> ptys = ConcurrentHashMap.newKeySet();
  private final Runnable overflow;
  private volatile boolean open = true;
  private volatile boolean overflowed;

  /**
   * @param overflow runs once when the agent does not read and the socket's write queue is full; it closes the TCP
   *     connection
   */
  AgentConnection(ServerWebSocket socket, Runnable overflow) {
    this.socket = socket;
    this.overflow = overflow;
  }

  /** Sends a request and completes with its result, or exceptionally with an {@link AgentCallException}. */
  public CompletableFuture<JsonNode> call(String id, String method, JsonNode params, Duration timeout) {
    CompletableFuture<JsonNode> result = pending.computeIfAbsent(id, k -> new CompletableFuture<>());
    ObjectNode frame = Json.mapper().createObjectNode();
    frame.put("type", "request");
    frame.put("id", id);
    frame.put("method", method);
    frame.set("params", params == null ? Json.mapper().createObjectNode() : params);
    if ("pty_open".equals(method) && params != null && params.hasNonNull("ptyId")) {
      ptys.add(params.get("ptyId").asText());
    }
    send(frame);
    return result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((r, e) -> pending.remove(id, result));
  }

  /**
   * Receives pty_output and pty_exit frames (each web terminal subscribes here and keeps the frames of its own
   * ptyId); the returned action unsubscribes.
   */
  public Runnable onPty(Consumer<JsonNode> listener) {
    ptyListeners.add(listener);
    return () -> ptyListeners.remove(listener);
  }

  /**
   * Runs {@code listener} once the agent's socket has closed (at once if it already has): a web terminal ends with
   * it. The returned action unsubscribes.
   */
  public Runnable onClose(Runnable listener) {
    closeListeners.add(listener);
    if (!open) {
      listener.run();
    }
    return () -> closeListeners.remove(listener);
  }

  /** Whether the socket is still open. */
  public boolean isOpen() {
    return open;
  }

  void socketClosed() {
    open = false;
    closeListeners.forEach(Runnable::run);
  }

  /**
   * Writes a frame unless the agent has stopped reading: then the frames would pile up in memory, so the
   * connection is closed instead (requests are idempotent; callers send them again after the agent reconnects).
   */
  void send(JsonNode frame) {
    if (!open || socket.isClosed()) {
      return; // the caller's call fails when the agent disconnects, or times out
    }
    if (socket.writeQueueFull()) {
      if (!overflowed) {
        overflowed = true;
        overflow.run(); // a close frame would wait behind what the agent does not read: the TCP connection goes
      }
      return;
    }
    try {
      socket.writeTextMessage(frame.toString());
    } catch (IllegalStateException closedMeanwhile) {
      // closed between the check and the write: the same as above
    }
  }

  /** Completes the waiting call; false when no call waits for this id (the frame is dropped). */
  boolean response(JsonNode frame) {
    CompletableFuture<JsonNode> waiting = pending.get(frame.path("id").asText());
    if (waiting == null) {
      return false;
    }
    if (frame.hasNonNull("error")) {
      waiting.completeExceptionally(new AgentCallException(frame.get("error").path("code").asText("internal"),
          frame.get("error").path("message").asText("")));
    } else {
      waiting.complete(frame.path("result"));
    }
    return true;
  }

  /** Hands pty_output and pty_exit to the terminals; false for a PTY this operator did not open (dropped). */
  boolean pty(JsonNode frame) {
    String ptyId = frame.path("ptyId").asText();
    if (!ptys.contains(ptyId)) {
      return false;
    }
    if ("pty_exit".equals(frame.path("type").asText())) {
      ptys.remove(ptyId);
    }
    ptyListeners.forEach(l -> l.accept(frame));
    return true;
  }

  /** Number of calls waiting for an answer, for tests that check what a connection holds. */
  public int pendingCount() {
    return pending.size();
  }

  void closed() {
    pending.values().forEach(f -> f.completeExceptionally(
        new AgentCallException("disconnected", "the agent disconnected before answering")));
    pending.clear();
  }

  void close() {
    socket.close();
  }

  void close(short code, String reason) {
    socket.close(code, reason);
  }
}
