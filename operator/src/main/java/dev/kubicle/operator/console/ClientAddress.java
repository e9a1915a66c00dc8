package dev.kubicle.operator.console;

import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a request came from: the peer address, or, behind {@code trustedProxyHops} proxies that each append the
 * address they received from, the X-Forwarded-For entry that many places from the right.
 */
public final class ClientAddress {
  /** Longer entries are no address a proxy wrote; the peer address is used instead. */
  private static final int MAX_ENTRY = 64;

  private ClientAddress() {}

  public static String of(RoutingContext ctx, int trustedProxyHops) {
    var remote = ctx.request().remoteAddress();
    String peer = remote == null ? "unknown" : remote.hostAddress();
    if (trustedProxyHops == 0) {
      // Without configured proxies the header is whatever the client wrote: never read it.
      return peer;
    }
    return choose(peer, ctx.request().headers().getAll("X-Forwarded-For"), trustedProxyHops);
  }

  /**
   * The decision. Entries to the left of the trusted hops were written by the client and can say anything, so only
   * the entry the outermost trusted proxy appended counts: the {@code hops}-th from the right. With fewer entries than
   * hops (a request that passed fewer proxies) the left-most one, still written by a trusted proxy, is taken; a
   * malformed entry falls back to the peer.
   */
  static String choose(String peer, List<String> forwardedHeaders, int hops) {
    if (hops <= 0) {
      return peer;
    }
    List<String> entries = new ArrayList<>();
    for (String header : forwardedHeaders) {
      for (String part : header.split(",")) {
        entries.add(part.strip());
      }
    }
    if (entries.isEmpty()) {
      return peer;
    }
    String chosen = entries.get(Math.max(0, entries.size() - hops));
    if (chosen.isEmpty() || chosen.length() > MAX_ENTRY || !looksLikeAddress(chosen)) {
      return peer;
    }
    return chosen;
  }

  /** IPv4, IPv6 (optionally bracketed, with a port) or an obfuscated identifier: no spaces or control characters. */
  private static boolean looksLikeAddress(String entry) {
    for (int i = 0; i < entry.length(); i++) {
      char c = entry.charAt(i);
      boolean ok = Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == ':' || c == '[' || c == ']'
          || c == '_' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
