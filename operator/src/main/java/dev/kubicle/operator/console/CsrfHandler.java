package dev.kubicle.operator.console;

import dev.kubicle.operator.console.auth.Principal;
import dev.kubicle.operator.console.auth.Secrets;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a state-changing request made with a session cookie unless it carries the session's CSRF token (header
 * {@code X-CSRF-Token} or form field {@code csrf_token}) and, when the browser names an Origin, it is the console's
 * own. Bearer-token requests are exempt: a browser never attaches them on its own.
 */
public final class CsrfHandler implements Handler<RoutingContext> {
  public static final String HEADER = "X-CSRF-Token";
  public static final String FIELD = "csrf_token";

  private final String origin;

  /** @param origin the console's origin (scheme://host[:port]) */
  public CsrfHandler(String origin) {
    this.origin = origin;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Principal principal = Requests.principal(ctx).orElse(null);
    if (principal == null || principal.via() != Principal.Via.SESSION
        || !AuditHandler.changesState(ctx.request().method())) {
      ctx.next();
      return;
    }
    String requestOrigin = ctx.request().getHeader("Origin");
    if (requestOrigin != null && !requestOrigin.equals(origin)) {
      throw new ApiException(403, "csrf", "cross-origin request from " + requestOrigin + " refused");
    }
    String token = ctx.request().getHeader(HEADER);
    if (token == null) {
      token = ctx.request().getFormAttribute(FIELD);
    }
    if (token == null) {
      throw new ApiException(403, "csrf", "missing CSRF token: send the session's token (GET /api/v1/me) in the "
          + HEADER + " header or the " + FIELD + " form field");
    }
    if (!Secrets.equal(token, principal.csrfToken())) {
      throw new ApiException(403, "csrf", "the CSRF token does not match this session");
    }
    ctx.next();
  }
}
