package dev.kubicle.operator.console.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Logins started but not finished: for each random {@code state}, the PKCE verifier, the nonce and where to go
 * afterwards. Each entry is used once and lives a few minutes; the map is bounded so a flood of started logins
 * cannot exhaust memory (the oldest go first).
 */
public class PendingLogins {
  public static final Duration LIFETIME = Duration.ofMinutes(10);
  private static final int MAX = 10_000;

  /** One login in flight. */
  public record Pending(String state, String nonce, String codeVerifier, String returnTo, Instant startedAt) {
    /** The S256 PKCE challenge sent to the issuer. */
    public String codeChallenge() {
      try {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(codeVerifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is part of every JDK", e);
      }
    }
  }

  private final Clock clock;
  private final Map<String, Pending> pending = new LinkedHashMap<>();

  public PendingLogins(Clock clock) {
    this.clock = clock;
  }

  public synchronized Pending start(String returnTo) {
    Instant now = clock.instant();
    expire(now);
    while (pending.size() >= MAX) {
      Iterator<String> oldest = pending.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    // 256-bit state and nonce; the verifier is 43 characters of base64url, within RFC 7636's 43..128.
    Pending login = new Pending(Secrets.random(32), Secrets.random(32), Secrets.random(32), returnTo, now);
    pending.put(login.state(), login);
    return login;
  }

  /** Takes the login for {@code state} out (a state works once); empty when unknown or too old. */
  public synchronized Optional<Pending> take(String state) {
    if (state == null) {
      return Optional.empty();
    }
    Pending login = pending.remove(state);
    if (login == null || login.startedAt().plus(LIFETIME).isBefore(clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(login);
  }

  private void expire(Instant now) {
    pending.values().removeIf(p -> p.startedAt().plus(LIFETIME).isBefore(now));
  }
}
