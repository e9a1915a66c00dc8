package dev.kubicle.operator.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubicle.operator.kube.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Test double for the workspace agent: speaks the agent protocol over a real WebSocket, and answers requests
 * with a scripted function. The real agent is exercised in the agent module and in the end-to-end tests.
 */
public final class ScriptedAgent implements AutoCloseable {
  private final WebSocket socket;
  private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
  private final CompletableFuture<String> closed;
  private volatile Function<JsonNode, JsonNode> answers = request -> Json.mapper().createObjectNode();

  private ScriptedAgent(WebSocket socket, CompletableFuture<String> closed) {
    this.socket = socket;
    this.closed = closed;
  }

  /** Connects; fails with the HTTP status when the control plane refuses. */
  public static ScriptedAgent connect(int port, String token) {
    return connect(port, token, true);
  }

  /**
   * Connects; with {@code reading} false the agent never reads what the control plane sends (its TCP window fills
   * up), as a hostile or stuck agent would.
   */
  public static ScriptedAgent connect(int port, String token, boolean reading) {
    ScriptedAgent[] self = new ScriptedAgent[1];
    BlockingQueue<JsonNode> early = new LinkedBlockingQueue<>();
    CompletableFuture<String> closed = new CompletableFuture<>();
    WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .header("Authorization", "Bearer " + token)
        .connectTimeout(Duration.ofSeconds(5))
        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v1/agent/connect"), new WebSocket.Listener() {
          private final StringBuilder text = new StringBuilder();

          @Override
          public void onOpen(WebSocket ws) {
            if (reading) {
              ws.request(1);
            }
          }

          @Override
          public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
          }

          @Override
          public void onError(WebSocket ws, Throwable error) {
            closed.complete("error " + error);
          }

          @Override
          public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
              try {
                JsonNode frame = Json.mapper().readTree(text.toString());
                if (self[0] != null) {
                  self[0].handle(frame);
                } else {
                  early.add(frame);
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
              text.setLength(0);
            }
            ws.request(1);
            return null;
          }
        }).join();
    ScriptedAgent agent = new ScriptedAgent(socket, closed);
    self[0] = agent;
    early.forEach(agent::handle);
    return agent;
  }

  public ScriptedAgent answering(Function<JsonNode, JsonNode> answers) {
    this.answers = answers;
    return this;
  }

  public void send(String json) {
    socket.sendText(json, true).join();
  }

  /** Sends a text frame; false when it could not be sent (the control plane closed the connection). */
  public boolean trySend(String json) {
    return tryJoin(socket.sendText(json, true));
  }

  /** Sends one message in several frames. */
  public boolean trySendFragments(List<String> parts) {
    for (int i = 0; i < parts.size(); i++) {
      if (!tryJoin(socket.sendText(parts.get(i), i == parts.size() - 1))) {
        return false;
      }
    }
    return true;
  }

  public boolean trySendBinary(byte[] data) {
    return tryJoin(socket.sendBinary(java.nio.ByteBuffer.wrap(data), true));
  }

  /** Completes with "code reason" once the control plane closed the connection. */
  public CompletableFuture<String> closed() {
    return closed;
  }

  /** Frames received so far and not yet taken with {@link #next}. */
  public int receivedCount() {
    return received.size();
  }

  private static boolean tryJoin(CompletableFuture<WebSocket> sent) {
    try {
      sent.get(10, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  public void hello() {
    send("{\"type\":\"hello\",\"version\":\"0.1.0-scripted\",\"os\":\"linux\",\"arch\":\"amd64\"}");
  }

  public void lifecycle(String state) {
    send("{\"type\":\"lifecycle\",\"state\":\"" + state + "\",\"at\":\"2026-12-01T00:00:00Z\"}");
  }

  /** The next frame of this type the control plane sent, waiting up to 10 s. */
  public JsonNode next(String type) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      JsonNode frame = received.poll(100, TimeUnit.MILLISECONDS);
      if (frame != null && type.equals(frame.path("type").asText())) {
        return frame;
      }
    }
    throw new AssertionError("no " + type + " frame within 10 s");
  }

  private void handle(JsonNode frame) {
    received.add(frame);
    if ("request".equals(frame.path("type").asText())) {
      var response = Json.mapper().createObjectNode();
      response.put("type", "response");
      response.put("id", frame.path("id").asText());
      response.set("result", answers.apply(frame));
      send(response.toString());
    }
  }

  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS)
        .exceptionally(e -> null).join();
  }

  /** Tries to connect and returns the failure, for tests of refused tokens. */
  public static CompletableFuture<WebSocket> attempt(int port, String token) {
    return HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + token)
        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v1/agent/connect"), new WebSocket.Listener() { });
  }
}
