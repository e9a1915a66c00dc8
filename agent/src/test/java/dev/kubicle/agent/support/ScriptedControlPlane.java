package dev.kubicle.agent.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A test double of the operator's agent endpoint (docs/agent-protocol.md): a Vert.x WebSocket server on 127.0.0.1
 * that checks the bearer token, records every frame the agent sends, answers hello with a scripted manifest and lets
 * a test send requests.
 */
public final class ScriptedControlPlane implements AutoCloseable {
  public static final ObjectMapper JSON = new ObjectMapper();
  private static final long TIMEOUT_S = 10;

  private final Vertx vertx;
  private final HttpServer server;
  private final String token;
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicInteger accepted = new AtomicInteger();
  private final List<String> authorizationHeaders = new CopyOnWriteArrayList<>();
  private volatile ServerWebSocket current;
  private volatile ObjectNode manifest;

  private ScriptedControlPlane(String token, int port) throws Exception {
    this.token = token;
    this.vertx = Vertx.vertx();
    this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port));
    server.webSocketHandler(this::onWebSocket);
    server.listen().toCompletionStage().toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
  }

  /** Listens on a free port, or on {@code port} to play a restarted control plane. */
  public static ScriptedControlPlane start(String token, int port) throws Exception {
    return new ScriptedControlPlane(token, port);
  }

  public static ScriptedControlPlane start(String token) throws Exception {
    return start(token, 0);
  }

  public int port() {
    return server.actualPort();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** The manifest sent after every hello from now on; sent at once to a connected agent. */
  public void useManifest(ObjectNode newManifest) {
    manifest = newManifest;
    ServerWebSocket ws = current;
    if (ws != null && !ws.isClosed()) {
      sendNow(ws, manifestFrame());
    }
  }

  private ObjectNode manifestFrame() {
    ObjectNode frame = JSON.createObjectNode();
    frame.put("type", "manifest");
    frame.set("manifest", manifest);
    return frame;
  }

  private void onWebSocket(ServerWebSocket ws) {
    if (!ws.path().equals("/api/v1/agent/connect")) {
      ws.reject(404);
      return;
    }
    String authorization = ws.headers().get("Authorization");
    authorizationHeaders.add(String.valueOf(authorization));
    if (!("Bearer " + token).equals(authorization)) {
      refused.incrementAndGet();
      ws.reject(401);
      return;
    }
    accepted.incrementAndGet();
    current = ws;
    // The operator pings every 15 s; faster here keeps the agent's 45 s silence check quiet in long tests.
    long ping = vertx.setPeriodic(5_000, id -> {
      if (!ws.isClosed()) {
        ws.writePing(Buffer.buffer());
      }
    });
    ws.closeHandler(v -> vertx.cancelTimer(ping));
    ws.textMessageHandler(text -> {
      JsonNode frame;
      try {
        frame = JSON.readTree(text);
      } catch (Exception e) {
        throw new AssertionError("the agent sent a frame that is not JSON: " + text, e);
      }
      received.add(frame);
      if ("hello".equals(frame.path("type").asText()) && manifest != null) {
        sendNow(ws, manifestFrame());
      }
    });
  }

  private static void sendNow(ServerWebSocket ws, ObjectNode frame) {
    try {
      ws.writeTextMessage(JSON.writeValueAsString(frame));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends a frame to the connected agent. */
  public void send(ObjectNode frame) {
    ServerWebSocket ws = current;
    if (ws == null || ws.isClosed()) {
      throw new IllegalStateException("no agent connected");
    }
    sendNow(ws, frame);
  }

  /** Sends a request without waiting. */
  public void sendRequest(String id, String method, ObjectNode params) {
    ObjectNode frame = JSON.createObjectNode();
    frame.put("type", "request");
    frame.put("id", id);
    frame.put("method", method);
    frame.set("params", params == null ? JSON.createObjectNode() : params);
    send(frame);
  }

  /** Sends a request and waits for the first response with its id. */
  public JsonNode request(String id, String method, ObjectNode params, Duration timeout) {
    int before = responses(id).size();
    sendRequest(id, method, params);
    return awaitCount(f -> isResponse(f, id), before + 1, timeout).get(before);
  }

  public List<JsonNode> responses(String id) {
    return matching(f -> isResponse(f, id));
  }

  private static boolean isResponse(JsonNode frame, String id) {
    return "response".equals(frame.path("type").asText()) && id.equals(frame.path("id").asText());
  }

  public List<JsonNode> received() {
    return List.copyOf(received);
  }

  public List<JsonNode> frames(String type) {
    return matching(f -> type.equals(f.path("type").asText()));
  }

  public List<JsonNode> matching(Predicate<JsonNode> predicate) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode frame : received) {
      if (predicate.test(frame)) {
        out.add(frame);
      }
    }
    return out;
  }

  /** Waits for the first frame of a type that matches. */
  public JsonNode await(String type, Predicate<JsonNode> predicate, Duration timeout) {
    return awaitCount(f -> type.equals(f.path("type").asText()) && predicate.test(f), 1, timeout).get(0);
  }

  public JsonNode await(String type, Duration timeout) {
    return await(type, f -> true, timeout);
  }

  /** Waits until at least {@code count} frames match; fails with what was received. */
  public List<JsonNode> awaitCount(Predicate<JsonNode> predicate, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<JsonNode> found = matching(predicate);
      if (found.size() >= count) {
        return found;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + timeout.toMillis() + " ms for " + count + " matching frame(s); received: "
            + summary());
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** The received frames, with long ones shortened, for failure messages. */
  public String summary() {
    StringBuilder out = new StringBuilder();
    for (JsonNode frame : received) {
      String text = frame.toString();
      out.append("\n  ").append(text.length() > 300 ? text.substring(0, 300) + "…" : text);
    }
    return out.toString();
  }

  public int refusedConnections() {
    return refused.get();
  }

  public int acceptedConnections() {
    return accepted.get();
  }

  public List<String> authorizationHeaders() {
    return List.copyOf(authorizationHeaders);
  }

  /** Stops listening and drops the agent's connection, like a control plane that goes away. */
  @Override
  public void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
  }

  /** A manifest with the protocol's fields; tests change what they need. */
  public static ObjectNode manifest() {
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("workspace", "alice-dev");
    manifest.put("namespace", "default");
    manifest.put("owner", "alice");
    manifest.putArray("sshAuthorizedKeys");
    manifest.put("startupScript", "");
    manifest.put("startupTimeoutMs", 30_000);
    manifest.put("shutdownScript", "");
    manifest.put("shutdownTimeoutMs", 10_000);
    manifest.putObject("env").put("KUBICLE_TEST_ENV", "from-manifest");
    manifest.putArray("apps");
    manifest.putArray("metadata");
    manifest.put("statsIntervalMs", 200);
    return manifest;
  }
}
