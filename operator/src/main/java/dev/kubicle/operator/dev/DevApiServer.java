package dev.kubicle.operator.dev;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.vertx.HttpServerRequestHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The dev cluster's HTTP listener: fabric8's own mock request handler for every request, except watches that come
 * as plain HTTP GETs, which {@link HttpWatches} streams.
 *
 * <p>Why not fabric8's {@code MockWebServer}: it hands each request to the dispatcher and writes the returned
 * response in one piece, so it can only stream over WebSocket, and kubectl watches over chunked HTTP. This class
 * is the few lines of {@code MockWebServer.start} we need (same Vert.x server options, same public request
 * handler), with one branch in front. WebSocket watches, exec and the CRUD paths run exactly the mock's code.
 */
final class DevApiServer implements AutoCloseable {

  /** Plain HTTP watches open at once; kubectl uses one per {@code get -w}, {@code wait} or {@code delete}. */
  static final int MAX_HTTP_WATCHES = 64;

  // The sub-protocols the mock server accepts for WebSockets (exec, attach, port-forward).
  private static final List<String> WEBSOCKET_SUB_PROTOCOLS = List.of(
      "v1.channel.k8s.io", "v2.channel.k8s.io", "v3.channel.k8s.io", "v4.channel.k8s.io");
  private static final long START_STOP_SECONDS = 30;

  private final Vertx vertx;
  private final HttpServer server;
  private final HttpWatches watches;

  private DevApiServer(Vertx vertx, HttpServer server, HttpWatches watches) {
    this.vertx = vertx;
    this.server = server;
    this.watches = watches;
  }

  /** Listens on the address and port (0 picks a free one); throws with the bind failure as the cause. */
  static DevApiServer start(InetAddress address, int port, DevDispatcher dispatcher) {
    Vertx vertx = Vertx.vertx();
    try {
      HttpServer server = vertx.createHttpServer(new HttpServerOptions()
          .setHost(address.getHostAddress())
          .setPort(port)
          .setWebSocketSubProtocols(WEBSOCKET_SUB_PROTOCOLS)
          .setHandle100ContinueAutomatically(true));
      HttpServerRequestHandler mock = new HttpServerRequestHandler(vertx) {
        @Override
        protected MockResponse onHttpRequest(RecordedRequest request) {
          return dispatcher.dispatch(request);
        }
      };
      HttpWatches watches = new HttpWatches(vertx, dispatcher, MAX_HTTP_WATCHES);
      server.requestHandler(request -> {
        if (HttpWatches.isPlainHttpWatch(request)) {
          watches.serve(request);
        } else {
          mock.handle(request);
        }
      });
      await(server.listen());
      return new DevApiServer(vertx, server, watches);
    } catch (RuntimeException e) {
      await(vertx.close());
      throw e;
    }
  }

  /** The port it listens on. */
  int port() {
    return server.actualPort();
  }

  /** HTTP watches open now; for tests that check a closed client ends its watch. */
  int openHttpWatches() {
    return watches.openCount();
  }

  @Override
  public void close() {
    // Watches first, while their listeners can still be unregistered from the store in an orderly way.
    watches.closeAll();
    try {
      await(server.close());
    } finally {
      await(vertx.close());
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(START_STOP_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Vert.x did not answer within " + START_STOP_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
