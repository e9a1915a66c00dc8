package dev.kubicle.operator.console.api;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * One server-sent events response: writes happen on the connection's own context whichever thread sends them, a
 * comment line every {@value #KEEPALIVE_MS} ms keeps proxies from closing it, and a client too slow to keep up is
 * disconnected (it reconnects with Last-Event-ID and misses nothing) instead of piling up memory.
 */
final class EventStream {
  static final long KEEPALIVE_MS = 25_000;

  private final HttpServerResponse response;
  private final Context context;
  private final Vertx vertx;
  private final List<Runnable> onClose = new ArrayList<>();
  private final long keepalive;
  private volatile boolean closed;

  EventStream(Vertx vertx, HttpServerResponse response) {
    this.vertx = vertx;
    this.response = response;
    this.context = vertx.getOrCreateContext();
    response.setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store").putHeader("X-Accel-Buffering", "no");
    response.write(": connected\n\n");
    keepalive = vertx.setPeriodic(KEEPALIVE_MS, id -> context.runOnContext(v -> {
      if (!closed) {
        response.write(": keepalive\n\n");
      }
    }));
    response.closeHandler(v -> close());
    response.exceptionHandler(e -> close());
  }

  /** Runs {@code cleanup} when the stream ends, whoever ends it. */
  void onClose(Runnable cleanup) {
    onClose.add(cleanup);
  }

  void send(String id, String event, JsonObject data) {
    String frame = (id == null ? "" : "id: " + id + "\n") + "event: " + event + "\ndata: " + data.encode() + "\n\n";
    context.runOnContext(v -> {
      if (closed) {
        return;
      }
      if (response.writeQueueFull()) {
        end();
        return;
      }
      response.write(frame);
    });
  }

  /** Ends the response (after what was queued before). */
  void end() {
    context.runOnContext(v -> {
      if (!closed) {
        close();
        if (!response.ended()) {
          response.end();
        }
      }
    });
  }

  boolean closed() {
    return closed;
  }

  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    vertx.cancelTimer(keepalive);
    onClose.forEach(Runnable::run);
  }
}
