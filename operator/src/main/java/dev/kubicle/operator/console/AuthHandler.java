package dev.kubicle.operator.console;

import dev.kubicle.operator.console.auth.ApiTokenService;
import dev.kubicle.operator.console.auth.Principal;
import dev.kubicle.operator.console.auth.SessionService;
import dev.kubicle.operator.store.ApiTokenRecord;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;

/**
 * Finds out who is calling. A bearer token must be a valid API token, else 401 with the reason; a session cookie that
 * is unknown or expired is ignored (the request is anonymous). Then applies the rate limit: per user when signed in,
 * per client address otherwise (failed tokens count against the address). Runs on the event loop and leaves it only
 * to read the store: an API token verified in the last seconds (see {@link ApiTokenService#verifyCached}) and an
 * anonymous request are answered at once, so most requests do not pay a hop to a worker thread and back.
 */
public final class AuthHandler implements Handler<RoutingContext> {
  private final SessionService sessions;
  private final ApiTokenService tokens;
  private final SessionCookies cookies;
  private final RateLimiter perUser;
  private final RateLimiter perAddress;
  private final int trustedProxyHops;

  public AuthHandler(SessionService sessions, ApiTokenService tokens, SessionCookies cookies, RateLimiter perUser,
      RateLimiter perAddress, int trustedProxyHops) {
    this.sessions = sessions;
    this.tokens = tokens;
    this.cookies = cookies;
    this.perUser = perUser;
    this.perAddress = perAddress;
    this.trustedProxyHops = trustedProxyHops;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    boolean known;
    if (authorization != null) {
      known = fromMemory(ctx, authorization);
    } else {
      known = ctx.request().getCookie(cookies.name()) == null; // anonymous: nothing to look up
    }
    if (known) {
      limit(ctx);
      ctx.next();
      return;
    }
    ctx.vertx().<Void>executeBlocking(() -> {
      fromStore(ctx, authorization);
      limit(ctx);
      return null;
    }, false).onComplete(done -> {
      if (done.succeeded()) {
        ctx.next();
      } else {
        ctx.fail(done.cause());
      }
    });
  }

  /** True when the caller is known without the store (a recently verified token); throws when it is refused. */
  private boolean fromMemory(RoutingContext ctx, String authorization) {
    ApiTokenRecord token;
    try {
      token = tokens.verifyCached(bearer(ctx, authorization));
    } catch (ApiTokenService.Refused e) {
      limitAddress(ctx);
      throw ApiException.unauthenticated(e.getMessage());
    }
    if (token == null) {
      return false;
    }
    signIn(ctx, token);
    return true;
  }

  /** Blocking: checks the token, or the session cookie, against the store. */
  private void fromStore(RoutingContext ctx, String authorization) {
    if (authorization != null) {
      ApiTokenRecord token;
      try {
        token = tokens.verify(bearer(ctx, authorization));
      } catch (ApiTokenService.Refused e) {
        limitAddress(ctx);
        throw ApiException.unauthenticated(e.getMessage());
      }
      signIn(ctx, token);
    } else {
      Cookie cookie = ctx.request().getCookie(cookies.name());
      if (cookie != null) {
        sessions.resolve(cookie.getValue()).ifPresent(p -> Requests.setPrincipal(ctx, p));
      }
    }
  }

  private String bearer(RoutingContext ctx, String authorization) {
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      limitAddress(ctx);
      throw ApiException.unauthenticated("the Authorization header must be \"Bearer <API token>\"");
    }
    return authorization.substring(7).strip();
  }

  private static void signIn(RoutingContext ctx, ApiTokenRecord token) {
    // API tokens act with member rights (see docs/console.md); admin work goes through a console session.
    Requests.setPrincipal(ctx, Principal.apiToken(token.userName(), token.userKey(), false, token.id()));
  }

  private void limit(RoutingContext ctx) {
    var principal = Requests.principal(ctx);
    if (principal.isPresent()) {
      long wait = perUser.acquire("user:" + principal.get().userKey());
      if (wait > 0) {
        throw tooMany(ctx, wait, "too many requests for user " + principal.get().name());
      }
    } else {
      limitAddress(ctx);
    }
  }

  private void limitAddress(RoutingContext ctx) {
    String address = ClientAddress.of(ctx, trustedProxyHops);
    long wait = perAddress.acquire("address:" + address);
    if (wait > 0) {
      throw tooMany(ctx, wait, "too many requests from " + address + " without signing in");
    }
  }

  private static ApiException tooMany(RoutingContext ctx, long seconds, String message) {
    ctx.response().putHeader("Retry-After", String.valueOf(seconds));
    return new ApiException(429, "rate_limited", message + "; retry after " + seconds + " s");
  }
}
