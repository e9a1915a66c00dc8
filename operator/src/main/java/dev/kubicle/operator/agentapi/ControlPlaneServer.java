package dev.kubicle.operator.agentapi;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The operator's HTTP server: health endpoints for the kubelet, the agent WebSocket API and, when given, the web
 * console and REST API (matched after the others, so they always keep working).
 */
public final class ControlPlaneServer implements AutoCloseable {
  /**
   * The WebSocket subprotocol of the console's web terminal. The server must list it, or browsers that ask for it
   * (they also send the CSRF token as a second, unselected value) would fail the handshake.
   */
  public static final String TERMINAL_SUBPROTOCOL = "kubicle.terminal.v1";

  private final Vertx vertx;
  private final HttpServer server;

  private ControlPlaneServer(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  /** Starts listening; port 0 picks a free one. */
  public static ControlPlaneServer start(Vertx vertx, String host, int port, BooleanSupplier ready,
      AgentSocketHandler agents) {
    return start(vertx, host, port, ready, agents, null);
  }

  /** @param console the console's router, or null for none */
  public static ControlPlaneServer start(Vertx vertx, String host, int port, BooleanSupplier ready,
      AgentSocketHandler agents, Router console) {
    return start(vertx, host, port, ready, agents, console, null);
  }

  /** @param metrics served at /metrics in Prometheus' text format, or null for none */
  public static ControlPlaneServer start(Vertx vertx, String host, int port, BooleanSupplier ready,
      AgentSocketHandler agents, Router console, java.util.function.Supplier<String> metrics) {
    Router router = Router.router(vertx);
    if (metrics != null) {
      router.get("/metrics").handler(ctx -> ctx.response()
          .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.get()));
    }
    router.get("/healthz").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain").end("ok\n"));
    router.get("/readyz").handler(ctx -> {
      boolean ok = ready.getAsBoolean();
      ctx.response().setStatusCode(ok ? 200 : 503).putHeader("Content-Type", "text/plain")
          .end(ok ? "ready\n" : "starting\n");
    });
    router.get(AgentSocketHandler.PATH).handler(agents::handle);
    if (console != null) {
      router.route("/*").subRouter(console);
    }
    HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port)
        // The agent's limits (docs/security.md); the console's terminal socket, on the same server, sends keystrokes
        // and pastes, far below them.
        .setMaxWebSocketFrameSize(agents.limits().maxFrameBytes())
        .setMaxWebSocketMessageSize(agents.limits().maxMessageBytes())
        .setWebSocketSubProtocols(java.util.List.of(TERMINAL_SUBPROTOCOL));
    try {
      HttpServer server = vertx.createHttpServer(options).requestHandler(router).listen()
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      return new ControlPlaneServer(vertx, server);
    } catch (Exception e) {
      throw new ListenException("cannot listen on " + host + ":" + port + ": " + rootMessage(e)
          + (port != 0 ? " (is another Kubicle running? set KUBICLE_HTTP_PORT to another port)" : ""), e);
    }
  }

  /** The port is taken, or the address cannot be bound: a setup problem the user fixes, not a bug. */
  public static final class ListenException extends IllegalStateException {
    ListenException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public int port() {
    return server.actualPort();
  }

  @Override
  public void close() {
    try {
      server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // closing on shutdown: nothing left to do about it
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return String.valueOf(cause.getMessage());
  }
}
