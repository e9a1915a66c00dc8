package dev.kubicle.operator.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** /healthz, /readyz and /metrics on a small HTTP server (the JDK's: the gateway needs nothing more). */
public final class GatewayHttpServer implements AutoCloseable {
  private final HttpServer server;

  private GatewayHttpServer(HttpServer server) {
    this.server = server;
  }

  /**
   * @param live false when the gateway cannot recover by itself (its wireguard-go died): Kubernetes restarts it
   * @param ready true once the interface is up and the first sync applied
   */
  public static GatewayHttpServer start(int port, BooleanSupplier live, BooleanSupplier ready,
      Supplier<String> metrics) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 16);
    server.createContext("/healthz", ex -> answer(ex, live.getAsBoolean() ? 200 : 503,
        live.getAsBoolean() ? "ok\n" : "the WireGuard interface is gone\n", "text/plain"));
    server.createContext("/readyz", ex -> answer(ex, ready.getAsBoolean() ? 200 : 503,
        ready.getAsBoolean() ? "ready\n" : "not ready: interface not up or first sync not applied\n", "text/plain"));
    server.createContext("/metrics", ex -> answer(ex, 200, metrics.get(), "text/plain; version=0.0.4"));
    server.createContext("/", ex -> answer(ex, 404, "not found\n", "text/plain"));
    server.setExecutor(java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "kubicle-gateway-http");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    return new GatewayHttpServer(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void answer(HttpExchange exchange, int status, String body, String type) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
        status = 405;
        body = "only GET\n";
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.sendResponseHeaders(status, exchange.getRequestMethod().equals("HEAD") ? -1 : bytes.length);
      if (!exchange.getRequestMethod().equals("HEAD")) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
