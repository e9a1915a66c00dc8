package dev.kubicle.operator.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Serves watches that arrive as plain HTTP GETs ({@code ?watch=true}, no WebSocket upgrade), the way kubectl and
 * every client-go program watch; the mock itself only streams watch events over WebSocket.
 */
final class HttpWatches {

  /** A real API server closes watches after 30 to 60 minutes; clients then watch again. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
  private static final Duration MAX_TIMEOUT = Duration.ofHours(1);

  private final Vertx vertx;
  private final DevDispatcher dispatcher;
  private final int maxOpen;
  private final Set<HttpWatchStream> open = ConcurrentHashMap.newKeySet();
  // Slots are taken before a watch is registered with the store, so concurrent requests cannot overshoot maxOpen.
  private final AtomicInteger slots = new AtomicInteger();

  /**
   * @param maxOpen how many HTTP watches may be open at once; each holds a thread in the store, so this bounds them
   */
  HttpWatches(Vertx vertx, DevDispatcher dispatcher, int maxOpen) {
    this.vertx = vertx;
    this.dispatcher = dispatcher;
    this.maxOpen = maxOpen;
  }

  /** True for a watch request this class serves; WebSocket watches (fabric8's) stay with the mock's handler. */
  static boolean isPlainHttpWatch(HttpServerRequest request) {
    String upgrade = request.getHeader("Upgrade");
    return request.method() == io.vertx.core.http.HttpMethod.GET
        && (upgrade == null || !upgrade.toLowerCase(Locale.ROOT).contains("websocket"))
        && ApiRequestPath.parse(request.uri()).map(ApiRequestPath::isWatch).orElse(false);
  }

  /** How many HTTP watches are open now. */
  int openCount() {
    return open.size();
  }

  /** Starts streaming one watch; called on the connection's event loop. */
  void serve(HttpServerRequest request) {
    HttpServerResponse response = request.response();
    if (slots.incrementAndGet() > maxOpen) {
      slots.decrementAndGet();
      // client-go backs off and retries a 429, so a burst of watchers degrades instead of exhausting threads.
      send(response, status(429, "TooManyRequests", "the Kubicle dev cluster serves at most " + maxOpen
          + " HTTP watches at once").setHeader("Retry-After", "1"));
      return;
    }
    RecordedRequest recorded = new RecordedRequest(request.version().alpnName().toUpperCase(Locale.ROOT),
        HttpMethod.GET, request.uri(), Headers.builder().addAll(request.headers()).build(), new Buffer());
    // Through the dispatcher like every request: it is recorded, normalized, and the store registers a listener.
    MockResponse answer = dispatcher.dispatch(recorded);
    WebSocketListener listener = answer.getWebSocketListener();
    if (listener == null) {
      slots.decrementAndGet();
      send(response, answer); // not something the store can watch: its error goes back as is
      return;
    }
    ApiRequestPath path = ApiRequestPath.parse(request.uri()).orElseThrow();
    UnaryOperator<String> toLine = eventLines(path, ServerTables.wantsTable(request.getHeader("Accept")));
    HttpWatchStream stream = new HttpWatchStream(vertx, vertx.getOrCreateContext(), response, recorded, listener,
        toLine, ended -> {
          open.remove(ended);
          slots.decrementAndGet();
        });
    open.add(stream);
    stream.open(timeout(path));
  }

  /** Ends every open watch, unregistering them from the store on the calling thread; for shutdown. */
  void closeAll() {
    List.copyOf(open).forEach(stream -> stream.end("the dev cluster is shutting down", true));
  }

  /**
   * The store's events as the client asked for them: ADDED events for objects the client listed already (at or
   * before the watch's resourceVersion) are dropped, since the store replays every object on open and
   * {@code kubectl get -w} would print each one twice; and the object becomes a Table when the client asked for one.
   */
  private UnaryOperator<String> eventLines(ApiRequestPath path, boolean table) {
    long since = number(path.query().get("resourceVersion"));
    List<ServerTables.Column> columns = table ? dispatcher.tables().columnsFor(path) : null;
    String includeObject = path.query().get("includeObject");
    return text -> {
      ObjectNode event = (ObjectNode) Serialization.unmarshal(text, JsonNode.class);
      JsonNode object = event.path("object");
      if (since > 0 && "ADDED".equals(event.path("type").asText())
          && number(object.path("metadata").path("resourceVersion").asText(null)) <= since) {
        return null;
      }
      if (columns != null) {
        event.set("object", dispatcher.tables().table(columns, object, includeObject));
      }
      return event.toString();
    };
  }

  private static Duration timeout(ApiRequestPath path) {
    long seconds = number(path.query().get("timeoutSeconds"));
    Duration requested = seconds > 0 ? Duration.ofSeconds(seconds) : DEFAULT_TIMEOUT;
    return requested.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT : requested;
  }

  /** A non-negative number, or 0 when absent or not a number (resourceVersions are opaque elsewhere). */
  private static long number(String value) {
    try {
      return value == null ? 0 : Math.max(0, Long.parseLong(value));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void send(HttpServerResponse response, MockResponse answer) {
    response.setStatusCode(answer.code());
    answer.getHeaders().toMultimap().forEach((key, values) -> response.headers().add(key, values));
    Buffer body = answer.getBody();
    if (body != null && body.size() > 0) {
      response.end(io.vertx.core.buffer.Buffer.buffer(body.getBytes()));
    } else {
      response.end();
    }
  }

  private static MockResponse status(int code, String reason, String message) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
        .setBody(Serialization.asJson(new StatusBuilder().withApiVersion("v1").withKind("Status")
            .withStatus("Failure").withReason(reason).withCode(code).withMessage(message).build()));
  }
}
