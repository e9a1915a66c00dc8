package dev.kubicle.operator.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kubicle.operator.kube.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Test double for a model provider on loopback: answers each POST with the next scripted response (an SSE stream
 * in Anthropic's or OpenAI's format, an HTTP error, or a stream cut short), streaming it line by line, and keeps
 * every request it received for assertions. It plays recorded behaviour; it is not a model.
 */
public final class ScriptedModelServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(64);
  private final BlockingQueue<Function<JsonNode, Response>> script = new LinkedBlockingQueue<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile Function<JsonNode, Response> fallback;

  /**
   * One answer.
   *
   * @param body sent line by line, flushed after each blank line (one SSE event at a time)
   * @param hold when not null, the answer waits for it (a slow model)
   */
  public record Response(int status, Map<String, String> headers, String body, CountDownLatch hold,
      long delayMillis) {
    public Response held(CountDownLatch latch) {
      return new Response(status, headers, body, latch, delayMillis);
    }

    /** The same answer after {@code millis} (a model's latency, for benchmarks). */
    public Response delayed(long millis) {
      return new Response(status, headers, body, hold, millis);
    }
  }

  /** A request as it arrived. */
  public record Received(String path, Map<String, List<String>> headers, String rawBody, JsonNode body) {
    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  private ScriptedModelServer() throws IOException {
    // Without TCP_NODELAY, small streamed writes meet delayed ACKs and every answer stalls ~40 ms.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public static ScriptedModelServer start() {
    try {
      return new ScriptedModelServer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** http://127.0.0.1:port: Anthropic's base URL; OpenAI's is {@link #openAiBaseUrl()}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public String openAiBaseUrl() {
    return baseUrl() + "/v1";
  }

  /** Queues answers, in order. */
  public ScriptedModelServer then(Response... responses) {
    for (Response r : responses) {
      script.add(request -> r);
    }
    return this;
  }

  /** Queues an answer computed from the request. */
  public ScriptedModelServer then(Function<JsonNode, Response> answer) {
    script.add(answer);
    return this;
  }

  /** Answers every request beyond the script this way (benchmarks; loops that never end on their own). */
  public ScriptedModelServer otherwise(Function<JsonNode, Response> answer) {
    fallback = answer;
    return this;
  }

  /** Forgets the requests received and any unused script (a new test on a shared server). */
  public void reset() {
    received.clear();
    script.clear();
    fallback = null;
  }

  /** Forgets the requests received so far; the script stays. */
  public void forgetRequests() {
    received.clear();
  }

  public List<Received> requests() {
    return List.copyOf(received);
  }

  public static Response sse(String body) {
    return new Response(200, Map.of("content-type", "text/event-stream"), body, null, 0);
  }

  public static Response error(int status, String body, Map<String, String> headers) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("content-type", "application/json");
    return new Response(status, all, body, null, 0);
  }

  /** A fixture from src/test/resources/task/…, e.g. "anthropic/parallel_tool_use.sse". */
  public static String fixture(String name) {
    try (InputStream in = ScriptedModelServer.class.getResourceAsStream("/task/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture task/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    JsonNode body;
    try {
      body = Json.mapper().readTree(raw);
    } catch (IOException e) {
      body = Json.mapper().missingNode();
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, new ArrayList<>(v)));
    received.add(new Received(exchange.getRequestURI().getPath(), headers, raw, body));
    Function<JsonNode, Response> next = script.poll();
    if (next == null) {
      next = fallback;
    }
    Response response = next == null
        ? error(500, "{\"error\":{\"type\":\"script_exhausted\",\"message\":\"the test scripted no more answers\"}}",
            Map.of())
        : next.apply(body);
    try {
      if (response.hold() != null && !response.hold().await(60, TimeUnit.SECONDS)) {
        throw new IOException("held answer never released");
      }
      if (response.delayMillis() > 0) {
        Thread.sleep(response.delayMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    try (OutputStream out = exchange.getResponseBody()) {
      exchange.sendResponseHeaders(response.status(), 0); // chunked: a stream, and a cut one ends cleanly
      for (String event : response.body().split("(?<=\n\n)")) {
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException e) {
      // The client went away (a cancelled call): nothing to answer.
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
