package dev.kubicle.operator.console;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import java.time.Duration;

/**
 * The session cookie: HttpOnly, SameSite=Lax, Path=/, and Secure with the {@code __Host-} prefix (so no subdomain can
 * set or shadow it) whenever the console is served over https. Only a plain-http loopback URL drops Secure.
 */
public final class SessionCookies {
  private final boolean secure;

  public SessionCookies(boolean secure) {
    this.secure = secure;
  }

  public String name() {
    return secure ? "__Host-kubicle_session" : "kubicle_session";
  }

  public Cookie session(String value, Duration lifetime) {
    return cookie(name(), value, lifetime.toSeconds());
  }

  public Cookie clearSession() {
    return cookie(name(), "", 0);
  }

  /** A short-lived cookie binding a started login (its state) to this browser. */
  public Cookie login(String state, Duration lifetime) {
    return cookie(loginName(), state, lifetime.toSeconds());
  }

  public Cookie clearLogin() {
    return cookie(loginName(), "", 0);
  }

  public String loginName() {
    return secure ? "__Host-kubicle_login" : "kubicle_login";
  }

  private Cookie cookie(String name, String value, long maxAgeSeconds) {
    return Cookie.cookie(name, value).setPath("/").setHttpOnly(true).setSecure(secure)
        .setSameSite(CookieSameSite.LAX).setMaxAge(maxAgeSeconds);
  }
}
