package dev.kubicle.operator.console;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers every console response carries: a Content-Security-Policy with no inline script and no framing, nosniff,
 * a strict Referrer-Policy, no caching of personal data, and HSTS when served over https.
 */
public final class SecurityHeaders implements Handler<RoutingContext> {
  public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
      + "frame-ancestors 'none'";

  private final boolean https;

  public SecurityHeaders(boolean https) {
    this.https = https;
  }

  @Override
  public void handle(RoutingContext ctx) {
    var headers = ctx.response().headers();
    headers.set("Content-Security-Policy", CSP);
    headers.set("X-Frame-Options", "DENY");
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("Cross-Origin-Opener-Policy", "same-origin");
    headers.set("Cache-Control", "no-store");
    if (https) {
      headers.set("Strict-Transport-Security", "max-age=31536000");
    }
    ctx.next();
  }
}
