package dev.kubicle.agent.connection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.agent.Json;
import dev.kubicle.agent.Threads;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one WebSocket to the control plane: dials out, greets, redials forever with backoff, and sends frames in order.
 */
public final class ControlPlaneConnection implements FrameSink {
  private static final Logger log = LoggerFactory.getLogger(ControlPlaneConnection.class);
  /** The control plane pings every 15 s; three missed pings mean the connection is dead (protocol). */
  static final long IDLE_LIMIT_MS = 45_000;
  /** Log lines survive a short outage so a start_error still comes with its log; older ones are dropped. */
  private static final int MAX_BUFFERED_LOG_FRAMES = 512;
  private static final long SEND_TIMEOUT_S = 10;

  private final URI uri;
  private final String token;
  private final String version;
  private final HttpClient client;
  private final ScheduledExecutorService scheduler;
  private final Backoff backoff = Backoff.standard();
  /** One thread writes, so frames leave in the order they were queued and hello always comes first. */
  private final ExecutorService sender = Executors.newSingleThreadExecutor(Threads.daemon("kubicle-ws-send"));
  /** Touched only on the sender thread. */
  private final ArrayDeque<String> bufferedLogs = new ArrayDeque<>();
  /** The attempt whose connection is up and greeted; null while disconnected. */
  private volatile Attempt live;
  private volatile Attempt currentAttempt;
  private volatile boolean closing;
  private volatile ConnectionHandler handler;

  public ControlPlaneConnection(URI uri, String token, String version, ScheduledExecutorService scheduler) {
    this.uri = uri;
    this.token = token;
    this.version = version;
    this.scheduler = scheduler;
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** Dials now and keeps a connection up until {@link #close}. */
  public void start(ConnectionHandler handler) {
    this.handler = handler;
    scheduler.scheduleWithFixedDelay(this::closeIfSilent, 5, 5, TimeUnit.SECONDS);
    dial();
  }

  public boolean isConnected() {
    return live != null;
  }

  @Override
  public void send(ObjectNode frame) {
    String text;
    try {
      text = Json.MAPPER.writeValueAsString(frame);
    } catch (JsonProcessingException e) {
      log.error("cannot serialize a {} frame", frame.path("type").asText(), e);
      return;
    }
    boolean isLog = "log".equals(frame.path("type").asText());
    sender.execute(() -> {
      Attempt attempt = live;
      if (attempt == null) {
        // Other frames are re-sent (lifecycle, stats) or re-requested (responses) after the next connect.
        if (isLog) {
          buffer(text);
        }
        return;
      }
      try {
        write(attempt.ws, text);
      } catch (Exception e) {
        if (isLog) {
          buffer(text);
        }
        attempt.end("send failed: " + e);
      }
    });
  }

  /** Waits until every frame queued so far has been handed to the socket (or dropped). */
  public void drain(Duration timeout) {
    try {
      sender.submit(() -> { }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("frames still queued after {} ms", timeout.toMillis());
    }
  }

  /** Sends what is queued, closes normally and stops redialing. */
  public void close(Duration timeout) {
    drain(timeout);
    closing = true;
    Attempt attempt = live;
    if (attempt != null) {
      WebSocket ws = attempt.ws;
      try {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "agent off").get(2, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.debug("close handshake did not finish: {}", e.toString());
      }
      ws.abort();
    }
    live = null;
  }

  private void dial() {
    if (closing) {
      return;
    }
    Attempt attempt = new Attempt();
    currentAttempt = attempt;
    client.newWebSocketBuilder()
        .header("Authorization", "Bearer " + token)
        .header("X-Kubicle-Agent-Version", version)
        .connectTimeout(Duration.ofSeconds(10))
        .buildAsync(uri, attempt)
        .whenComplete((ws, error) -> {
          if (error != null) {
            attempt.refused(error);
          }
        });
  }

  private void connected(Attempt attempt, WebSocket ws) {
    sender.execute(() -> {
      if (closing || attempt.over.get()) {
        ws.abort();
        return;
      }
      try {
        for (ObjectNode frame : handler.greeting()) {
          write(ws, Json.MAPPER.writeValueAsString(frame));
        }
        while (!bufferedLogs.isEmpty()) {
          write(ws, bufferedLogs.peekFirst());
          bufferedLogs.removeFirst();
        }
        live = attempt;
        if (attempt.over.get()) {
          // It ended while greeting; end() could not see it as live yet.
          live = null;
          return;
        }
        backoff.reset();
        log.info("connected to {}", uri);
      } catch (Exception e) {
        attempt.end("greeting failed: " + e);
      }
    });
  }

  private void write(WebSocket ws, String text) throws Exception {
    ws.sendText(text, true).get(SEND_TIMEOUT_S, TimeUnit.SECONDS);
  }

  private void buffer(String text) {
    if (bufferedLogs.size() >= MAX_BUFFERED_LOG_FRAMES) {
      bufferedLogs.removeFirst();
    }
    bufferedLogs.addLast(text);
  }

  private void closeIfSilent() {
    Attempt attempt = currentAttempt;
    if (attempt != null && live == attempt && attempt.silentForMs() > IDLE_LIMIT_MS) {
      attempt.end("nothing heard for " + IDLE_LIMIT_MS + " ms");
    }
  }

  private void redialLater() {
    if (closing) {
      return;
    }
    long delay = backoff.nextDelayMs();
    log.info("reconnecting in {} ms", delay);
    scheduler.schedule(this::dial, delay, TimeUnit.MILLISECONDS);
  }

  /** One dial and the connection it may become; ends exactly once, and its end schedules the next dial. */
  private final class Attempt implements WebSocket.Listener {
    final AtomicBoolean over = new AtomicBoolean();
    private final StringBuilder partial = new StringBuilder();
    private volatile long lastHeardNanos = System.nanoTime();
    private volatile WebSocket ws;

    long silentForMs() {
      return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastHeardNanos);
    }

    void refused(Throwable error) {
      Throwable cause = error;
      while (cause.getCause() != null && !(cause instanceof WebSocketHandshakeException)) {
        cause = cause.getCause();
      }
      if (cause instanceof WebSocketHandshakeException handshake) {
        int status = handshake.getResponse().statusCode();
        if (status == 401 || status == 403) {
          // The token itself is never logged; a new one only comes with a new start, so keep trying.
          end("the control plane refused the agent token (HTTP " + status + ")");
        } else {
          end("the control plane answered HTTP " + status + " instead of a WebSocket upgrade");
        }
      } else {
        end("cannot reach " + uri + ": " + cause);
      }
    }

    void end(String reason) {
      if (!over.compareAndSet(false, true)) {
        return;
      }
      WebSocket socket = ws;
      if (socket != null) {
        socket.abort();
      }
      if (live == this) {
        live = null;
      }
      if (!closing) {
        log.warn("disconnected: {}", reason);
        redialLater();
      }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      ws = webSocket;
      lastHeardNanos = System.nanoTime();
      webSocket.request(1);
      connected(this, webSocket);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      lastHeardNanos = System.nanoTime();
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        dispatch(text);
      }
      webSocket.request(1);
      return null;
    }

    private void dispatch(String text) {
      JsonNode frame;
      try {
        frame = Json.MAPPER.readTree(text);
      } catch (JsonProcessingException e) {
        log.warn("ignoring a frame that is not JSON: {}", e.getOriginalMessage());
        return;
      }
      try {
        handler.onFrame(frame);
      } catch (RuntimeException e) {
        log.error("handling a {} frame failed", frame.path("type").asText(), e);
      }
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      lastHeardNanos = System.nanoTime();
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
      // The JDK answers the ping with a pong by itself; a ping proves the control plane is alive.
      lastHeardNanos = System.nanoTime();
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
      lastHeardNanos = System.nanoTime();
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      end("the control plane closed the connection (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")");
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      end("connection error: " + error);
    }
  }
}
