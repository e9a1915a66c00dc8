package dev.kubicle.operator.console.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The dev cluster's one-time admin login: a random code that {@code make run} prints, usable once, for a short
 * while, exchanged by POST only. There is no password to leak and nothing to configure on a laptop.
 */
public class DevLogin {
  public static final Duration LIFETIME = Duration.ofMinutes(30);
  /** The identity a dev login signs in as (its own issuer, so no OIDC user can ever collide with it). */
  public static final String ISSUER = "urn:kubicle:dev-login";

  private final Clock clock;
  private final String userName;
  private String code;
  private Instant expiresAt;

  public DevLogin(Clock clock, String userName) {
    this.clock = clock;
    this.userName = userName;
  }

  /** A fresh code (any earlier one stops working); print it for the person at the keyboard. */
  public synchronized String issue() {
    code = Secrets.randomHex(16);
    expiresAt = clock.instant().plus(LIFETIME);
    return code;
  }

  /** True once for the current code while it is fresh; the code is spent either way once it matched. */
  public synchronized boolean redeem(String presented) {
    if (code == null || presented == null || !Secrets.equal(code, presented.strip())) {
      return false;
    }
    boolean fresh = clock.instant().isBefore(expiresAt);
    code = null;
    return fresh;
  }

  public String userName() {
    return userName;
  }
}
