package dev.kubicle.operator.console.api;

import dev.kubicle.operator.console.ApiException;
import dev.kubicle.operator.console.Requests;
import dev.kubicle.operator.console.auth.OpenStreams;
import dev.kubicle.operator.console.auth.Principal;
import dev.kubicle.operator.store.Store;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.function.BiConsumer;

/**
 * What an API route gets: the /api/v1 router (behind sign-in, rate limit, CSRF check, audit and JSON errors), the
 * caches, the store and the Kubernetes client. Routes registered here run on worker threads.
 */
public final class ApiContext {
  private final Router router;
  private final ConsoleCaches caches;
  private final Store store;
  private final KubernetesClient client;
  private final Clock clock;
  private final OpenStreams streams;

  public ApiContext(Router router, ConsoleCaches caches, Store store, KubernetesClient client, Clock clock,
      OpenStreams streams) {
    this.router = router;
    this.streams = streams;
    this.caches = caches;
    this.store = store;
    this.client = client;
    this.clock = clock;
  }

  /**
   * A route for signed-in users: {@code handler} receives the principal (the request is refused with 401 before it
   * runs otherwise). {@code path} is relative to /api/v1, with Vert.x parameters ({@code /devices/:id}).
   */
  public void route(HttpMethod method, String path, BiConsumer<RoutingContext, Principal> handler) {
    router.route(method, path).blockingHandler(ctx -> handler.accept(ctx, Requests.require(ctx)), false);
  }

  /** A route that needs no sign-in (the OpenAPI document); still rate-limited and audited. */
  public void publicRoute(HttpMethod method, String path, Handler<RoutingContext> handler) {
    router.route(method, path).blockingHandler(handler, false);
  }

  /**
   * A route whose handler writes a long-lived response itself (server-sent events, a WebSocket); runs on the event
   * loop. An event stream is reset when the sign-in that opened it ends (sign-out, revocation, expiry); a WebSocket
   * handler registers itself with {@link #streams()} once upgraded.
   */
  public void streamRoute(String path, BiConsumer<RoutingContext, Principal> handler) {
    router.get(path).handler(ctx -> {
      Principal principal = Requests.require(ctx);
      if (!"websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"))) {
        var response = ctx.response();
        streams.track(principal, new OpenStreams.Stream(response::reset,
            () -> !response.ended() && !response.closed()));
      }
      handler.accept(ctx, principal);
    });
  }

  /** The open streams by sign-in, closed when it ends. */
  public OpenStreams streams() {
    return streams;
  }

  /** Refuses with 403 unless the principal is an admin. */
  public static void requireAdmin(Principal principal) {
    if (!principal.admin()) {
      throw ApiException.forbidden("only admins may do this (your role is " + principal.role() + ")");
    }
  }

  public ConsoleCaches caches() {
    return caches;
  }

  public Store store() {
    return store;
  }

  public KubernetesClient client() {
    return client;
  }

  public Clock clock() {
    return clock;
  }

  Router router() {
    return router;
  }
}
