package dev.kubicle.operator.console;

import dev.kubicle.operator.console.api.ApiExtension;
import dev.kubicle.operator.console.api.ApiRouter;
import dev.kubicle.operator.console.api.ConsoleCaches;
import dev.kubicle.operator.console.api.RestartFollower;
import dev.kubicle.operator.console.api.WorkspaceCommands;
import dev.kubicle.operator.console.api.WorkspaceFeed;
import dev.kubicle.operator.console.auth.ApiTokenService;
import dev.kubicle.operator.console.auth.DevLogin;
import dev.kubicle.operator.console.auth.OpenStreams;
import dev.kubicle.operator.console.auth.Principal;
import dev.kubicle.operator.console.auth.SessionService;
import dev.kubicle.operator.console.ui.UiRoutes;
import dev.kubicle.operator.store.Store;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The web console and REST API, wired in one place: a Router mounted on the operator's HTTP server. Every request
 * passes, in order: security headers, the audit record (for changes), the body size limit, sign-in and rate limit,
 * the CSRF check; then the login routes or /api/v1. Failures become JSON errors.
 */
public final class Console implements AutoCloseable {
  private final ConsoleConfig config;
  private final Router router;
  private final DevLogin devLogin;
  private final ExecutorService restarts = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "kubicle-console-restarts");
    thread.setDaemon(true);
    return thread;
  });
  private final Runnable unsubscribeRestarts;
  private final OpenStreams streams;

  /**
   * @param devLogin the dev cluster's one-time login, or null
   * @param extensions more routes under /api/v1 (devices, …) with the same sign-in, CSRF, audit and errors
   */
  public Console(Vertx vertx, ConsoleConfig config, Store store, KubernetesClient client, ConsoleCaches caches,
      WorkspaceFeed feed, Clock clock, DevLogin devLogin, List<ApiExtension> extensions) {
    this.config = config;
    this.devLogin = devLogin;
    SessionCookies cookies = new SessionCookies(config.secureCookies());
    SessionService sessions = new SessionService(store.sessions(), clock, config.sessionLifetime());
    ApiTokenService tokens = new ApiTokenService(store.apiTokens(), clock, config.tokenMaxLifetime());
    streams = new OpenStreams(vertx, p -> p.via() == Principal.Via.SESSION ? sessions.isLive(p.sessionHash())
        : tokens.isLive(p.tokenId()));
    router = Router.router(vertx);
    router.route().handler(ctx -> {
      // A WebSocket upgrade (the web terminal) must not be read to its end while sign-in runs on a worker thread:
      // an ended request can no longer be upgraded. Paused, it waits for the terminal route.
      if (isUpgrade(ctx)) {
        ctx.request().pause();
      }
      ctx.next();
    });
    router.route().handler(new SecurityHeaders(config.secureCookies()));
    router.route().handler(new AuditHandler(vertx, store.audit(), clock, config.trustedProxyHops()));
    router.route().handler(ctx -> {
      ctx.put("kubicle.maxBodyBytes", config.maxBodyBytes());
      ctx.next();
    });
    BodyHandler bodies = BodyHandler.create(false).setBodyLimit(config.maxBodyBytes());
    // A WebSocket upgrade has no body, and reading it would end the request before the upgrade.
    router.route().handler(ctx -> {
      if (isUpgrade(ctx)) {
        ctx.next();
      } else {
        bodies.handle(ctx);
      }
    });
    // Runs on the event loop and goes to a worker only when it must read the store.
    router.route().handler(new AuthHandler(sessions, tokens, cookies,
        new RateLimiter(clock, config.userRequestsPerMinute()), new RateLimiter(clock,
            config.addressRequestsPerMinute()), config.trustedProxyHops()));
    router.route().handler(new CsrfHandler(config.origin()));
    new LoginRoutes(config, sessions, cookies, store.users(), devLogin, clock, streams).mount(router);
    new UiRoutes().mount(router);
    List<ApiExtension> all = new ArrayList<>(ApiRouter.builtIn(vertx, feed, tokens, streams));
    all.addAll(extensions);
    ApiRouter api = new ApiRouter(vertx, caches, store, client, clock, streams, all);
    api.router().route().handler(ctx -> {
      throw ApiException.notFound("no such route: " + ctx.request().method() + " " + ctx.request().path());
    });
    api.router().route().failureHandler(ErrorResponses::handleFailure);
    router.route(ApiRouter.BASE + "/*").subRouter(api.router());
    router.route().failureHandler(ErrorResponses::handleFailure);
    RestartFollower follower = new RestartFollower(new WorkspaceCommands(client), restarts);
    unsubscribeRestarts = feed.subscribe(follower::onChange);
  }

  /** The router to mount on the operator's HTTP server (after its health and agent routes). */
  public Router router() {
    return router;
  }

  /** A fresh one-time admin code for the dev cluster (printed by make run), or null when there is no dev login. */
  public String issueDevLoginCode() {
    return devLogin == null ? null : devLogin.issue();
  }

  public ConsoleConfig config() {
    return config;
  }

  private static boolean isUpgrade(io.vertx.ext.web.RoutingContext ctx) {
    return "websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"));
  }

  @Override
  public void close() {
    unsubscribeRestarts.run();
    streams.close();
    restarts.shutdownNow();
  }
}
