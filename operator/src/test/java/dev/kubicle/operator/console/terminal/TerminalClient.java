package dev.kubicle.operator.console.terminal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** A WebSocket client of the web terminal, as a browser page would be: output collected as text, control frames kept. */
final class TerminalClient implements WebSocket.Listener {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final StringBuffer output = new StringBuffer();
  private final List<String> messages = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private WebSocket socket;

  /** Opens the terminal; {@code origin}, {@code cookie}, {@code bearer} and {@code csrf} may each be null. */
  static TerminalClient open(String url, String origin, String cookie, String bearer, String csrf) throws Exception {
    TerminalClient client = new TerminalClient();
    WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    if (origin != null) {
      builder.header("Origin", origin);
    }
    if (cookie != null) {
      builder.header("Cookie", cookie);
    }
    if (bearer != null) {
      builder.header("Authorization", bearer);
    }
    if (csrf != null) {
      builder.subprotocols("kubicle.terminal.v1", "csrf." + csrf);
    } else {
      builder.subprotocols("kubicle.terminal.v1");
    }
    client.socket = builder.buildAsync(URI.create(url), client).get(20, TimeUnit.SECONDS);
    return client;
  }

  /** The HTTP status a refused handshake answered with. */
  static int refusal(String url, String origin, String cookie, String bearer, String csrf) throws Exception {
    try {
      open(url, origin, cookie, bearer, csrf).close();
      return 101;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        return refused.getResponse().statusCode();
      }
      throw e;
    }
  }

  String subprotocol() {
    return socket.getSubprotocol();
  }

  void send(String json) {
    socket.sendText(json, true).join();
  }

  void type(String keys) {
    send(new io.vertx.core.json.JsonObject().put("type", "input").put("data", keys).encode());
  }

  String output() {
    return output.toString();
  }

  List<String> messages() {
    return messages;
  }

  /** Completes with the close status code once the server closed the socket. */
  CompletableFuture<Integer> closed() {
    return closed;
  }

  void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(Long.MAX_VALUE);
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    output.append(StandardCharsets.UTF_8.decode(data));
    return null;
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    synchronized (partial) {
      partial.append(data);
      if (last) {
        messages.add(partial.toString());
        partial.setLength(0);
      }
    }
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.complete(-1);
  }
}
