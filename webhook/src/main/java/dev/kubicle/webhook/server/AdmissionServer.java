package dev.kubicle.webhook.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.kubicle.webhook.admission.AdmissionRequest;
import dev.kubicle.webhook.admission.AdmissionReviews;
import dev.kubicle.webhook.admission.AdmissionRule;
import dev.kubicle.webhook.admission.Decision;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The HTTPS endpoint the API server calls: one path per webhook, plus /healthz and /readyz for the kubelet. The
 * JDK's HttpsServer is enough (the API server sends small JSON bodies over few kept-alive connections) and adds no
 * dependency; the SSLContext's key manager is reloadable, so certificates rotate without a restart.
 */
public final class AdmissionServer implements AutoCloseable {
  /** The API server caps request bodies at 3 MiB; an AdmissionReview carries the object twice at most. */
  static final int MAX_BODY = 8 * 1024 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(AdmissionServer.class);

  private final HttpsServer server;
  private final ExecutorService executor;
  /** Reviews are read like every other API object (deep nesting, unknown fields; see KubicleSerialization). */
  private final ObjectMapper json = dev.kubicle.api.serialization.KubicleSerialization.mapper();

  /**
   * @param routes path ("/validate/workspaces") to rule
   * @param ready whether the caches have synced and a certificate is loaded
   */
  public AdmissionServer(InetSocketAddress address, SSLContext ssl, Map<String, AdmissionRule> routes,
      BooleanSupplier ready, int threads) throws IOException {
    server = HttpsServer.create(address, 128);
    server.setHttpsConfigurator(new HttpsConfigurator(ssl) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
        parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        params.setSSLParameters(parameters);
      }
    });
    AtomicInteger n = new AtomicInteger();
    executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1024), r -> {
      Thread t = new Thread(r, "admission-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    }, new ThreadPoolExecutor.CallerRunsPolicy()); // back-pressure on the accepting thread, never a dropped review
    server.setExecutor(executor);
    routes.forEach((path, rule) -> server.createContext(path, exchange -> admit(exchange, path, rule)));
    server.createContext("/healthz", exchange -> plain(exchange, 200, "ok"));
    server.createContext("/readyz", exchange -> {
      boolean ok = ready.getAsBoolean();
      plain(exchange, ok ? 200 : 503, ok ? "ok" : "caches not synced or no certificate yet");
    });
  }

  public void start() {
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
  }

  private void admit(HttpExchange exchange, String path, AdmissionRule rule) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals(path)) {
        plain(exchange, exchange.getRequestMethod().equals("POST") ? 404 : 405, "POST an AdmissionReview to " + path);
        return;
      }
      JsonNode review;
      AdmissionRequest request;
      try {
        review = json.readTree(read(exchange.getRequestBody()));
        request = AdmissionRequest.from(review);
      } catch (IOException | IllegalArgumentException e) {
        plain(exchange, 400, "cannot read the AdmissionReview: " + e.getMessage());
        return;
      }
      MDC.put("resource", request.target());
      try {
        Decision decision;
        try {
          decision = rule.review(request);
        } catch (IllegalArgumentException e) {
          decision = Decision.invalid(e.getMessage());
        } catch (RuntimeException e) {
          // A bug must not look like a verdict on the user's object; the failure policy decides what happens.
          LOG.error("{} failed on {} {} by {}", path, request.operation(), request.target(), request.user().username(), e);
          plain(exchange, 500, "internal error in " + path);
          return;
        }
        if (!decision.allowed()) {
          LOG.info("{} denied {} {} {} by {}: {}", path, request.operation(), request.kind(), request.target(),
              request.user().username(), decision.message());
        }
        byte[] body = json.writeValueAsBytes(AdmissionReviews.response(json, request.uid(), decision));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      } finally {
        MDC.remove("resource");
      }
    }
  }

  private static byte[] read(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      throw new IOException("body larger than " + MAX_BODY + " bytes");
    }
    return body;
  }

  private static void plain(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
