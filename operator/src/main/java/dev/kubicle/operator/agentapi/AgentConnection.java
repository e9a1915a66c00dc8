package dev.kubicle.operator.agentapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.operator.kube.Json;
import io.vertx.core.http.ServerWebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
  private volatile boolean open = true;

  AgentConnection(ServerWebSocket socket) {
    this.socket = socket;
  }

  /** Sends a request and completes with its result, or exceptionally with an {@link AgentCallException}. */
  public CompletableFuture<JsonNode> call(String id, String method, JsonNode params, Duration timeout) {
    CompletableFuture<JsonNode> result = pending.computeIfAbsent(id, k -> new CompletableFuture<>());
    ObjectNode frame = Json.mapper().createObjectNode();
    frame.put("type", "request");
    frame.put("id", id);
    frame.put("method", method);
    frame.set("params", params == null ? Json.mapper().createObjectNode() : params);
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

  void send(JsonNode frame) {
    socket.writeTextMessage(frame.toString());
  }

  void response(JsonNode frame) {
    CompletableFuture<JsonNode> waiting = pending.get(frame.path("id").asText());
    if (waiting == null) {
      return;
    }
    if (frame.hasNonNull("error")) {
      waiting.completeExceptionally(new AgentCallException(frame.get("error").path("code").asText("internal"),
          frame.get("error").path("message").asText("")));
    } else {
      waiting.complete(frame.path("result"));
    }
  }

  void pty(JsonNode frame) {
    ptyListeners.forEach(l -> l.accept(frame));
  }

  void closed() {
    pending.values().forEach(f -> f.completeExceptionally(
        new AgentCallException("disconnected", "the agent disconnected before answering")));
    pending.clear();
  }

  void close() {
    socket.close();
  }
}
