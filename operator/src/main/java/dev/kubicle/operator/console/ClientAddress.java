package dev.kubicle.operator.console;

import io.vertx.ext.web.RoutingContext;

/** Where a request came from: the peer address, or the first X-Forwarded-For hop when a trusted proxy sets it. */
public final class ClientAddress {
  private ClientAddress() {}

  public static String of(RoutingContext ctx, boolean trustForwardedFor) {
    if (trustForwardedFor) {
      String forwarded = ctx.request().getHeader("X-Forwarded-For");
      if (forwarded != null && !forwarded.isBlank()) {
        String first = forwarded.split(",")[0].strip();
        if (!first.isEmpty() && first.length() <= 64) {
          return first;
        }
      }
    }
    var remote = ctx.request().remoteAddress();
    return remote == null ? "unknown" : remote.hostAddress();
  }
}
