package dev.kubicle.operator.dev;

import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch served over plain HTTP: a chunked {@code application/json} response with one watch event per line, as
 * client-go expects. It stands in for the WebSocket that the mock's watch listener thinks it writes to, so events
 * come from the store's own watch machinery, exactly as for fabric8's WebSocket watches.
 *
 * <p>Threads: the store's listener sends from its own single-thread executor (one thread per watch, the mock's
 * design, also for WebSocket watches); we convert the event there and hand the bytes to the connection's event
 * loop. The watch ends when the client goes away, when its time is up, when the client reads too slowly (the
 * write queue is bounded: client-go re-lists and watches again, as after any closed watch) or on shutdown.
 */
final class HttpWatchStream implements WebSocket {

  private static final Logger LOG = LoggerFactory.getLogger(HttpWatchStream.class);

  private final Vertx vertx;
  private final Context context;
  private final HttpServerResponse response;
  private final RecordedRequest request;
  private final WebSocketListener listener;
  private final UnaryOperator<String> toLine;
  private final Consumer<HttpWatchStream> onEnd;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile long timer = -1;

  /**
   * @param toLine turns the store's event JSON into the line to send, or null to skip the event
   * @param onEnd run once when the watch has ended, whoever ended it
   */
  HttpWatchStream(Vertx vertx, Context context, HttpServerResponse response, RecordedRequest request,
      WebSocketListener listener, UnaryOperator<String> toLine, Consumer<HttpWatchStream> onEnd) {
    this.vertx = vertx;
    this.context = context;
    this.response = response;
    this.request = request;
    this.listener = listener;
    this.toLine = toLine;
    this.onEnd = onEnd;
  }

  /** Sends the response head at once (kubectl waits for it) and lets the store start sending events. */
  void open(Duration timeout) {
    response.setStatusCode(200)
        .setChunked(true)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-cache, private");
    response.closeHandler(v -> end("the client closed the connection", false));
    response.exceptionHandler(e -> end("connection error: " + e, false));
    // The write queue bounds what one slow client can make us hold; beyond it we drop the watch (see send).
    response.setWriteQueueMaxSize(4 * 1024 * 1024);
    response.writeHead();
    timer = vertx.setTimer(Math.max(1, timeout.toMillis()), id -> end("the watch timed out", false));
    listener.onBeforeAccept(this, null);
    // The store answers onOpen by sending an ADDED event for every object that matches, as a real server does
    // for a watch without a resourceVersion; toLine drops those the client has already listed.
    listener.onOpen(this, null);
  }

  @Override
  public RecordedRequest request() {
    return request;
  }

  @Override
  public boolean send(String text) {
    if (ended.get()) {
      return false;
    }
    String line;
    try {
      line = toLine.apply(text);
    } catch (RuntimeException e) {
      LOG.warn("dropping a watch event for {} that could not be converted: {}", request.getPath(), e.toString());
      return true;
    }
    if (line == null) {
      return true;
    }
    Buffer chunk = Buffer.buffer(line + "\n", StandardCharsets.UTF_8.name());
    context.runOnContext(v -> {
      if (ended.get() || response.ended() || response.closed()) {
        return;
      }
      if (response.writeQueueFull()) {
        end("the client reads too slowly", false);
        return;
      }
      response.write(chunk);
    });
    return true;
  }

  @Override
  public boolean send(byte[] bytes) {
    return send(new String(bytes, StandardCharsets.UTF_8));
  }

  @Override
  public boolean close(int code, String reason) {
    end(reason, false);
    return true;
  }

  /**
   * The mock's listener stops its executor first and leaves the store's listener set last (after waiting up to a
   * minute); a write arriving in between would be answered 500 although it was stored, and a client retrying it
   * would get 409. Leaving the set first closes that window. The set is private to the mock, hence reflection.
   */
  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void leaveStore(Object mockListener) {
    try {
      java.lang.reflect.Field field = mockListener.getClass().getDeclaredField("watchEventListenerList");
      field.setAccessible(true);
      ((java.util.Set<?>) field.get(mockListener)).remove(mockListener);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("could not detach the watch listener early ({}); the mock detaches it itself", e.toString());
    }
  }

  /**
   * Ends the watch once: finishes the response and unregisters the store's listener.
   *
   * @param inline unregister on this thread (at shutdown, when Vert.x may no longer run blocking tasks); otherwise
   *     on a worker, because the mock's listener waits up to a minute for its executor and must not block the
   *     event loop
   */
  void end(String why, boolean inline) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    LOG.debug("ending the HTTP watch {}: {}", request.getPath(), why);
    vertx.cancelTimer(timer);
    context.runOnContext(v -> {
      if (!response.ended() && !response.closed()) {
        response.end();
      }
    });
    Runnable unregister = () -> {
      try {
        leaveStore(listener);
        if (!inline) {
          // A write that picked the listener up just before it left may still be handing it an event: give that a
          // moment before the listener's executor stops (this runs on a worker thread, never the event loop).
          pause(Duration.ofMillis(500));
        }
        listener.onClosed(this, 1000, why);
      } finally {
        onEnd.accept(this);
      }
    };
    if (inline) {
      unregister.run();
    } else {
      vertx.executeBlocking(() -> {
        unregister.run();
        return null;
      }, false);
    }
  }
}
