package dev.kubicle.operator.console.auth;

import dev.kubicle.operator.store.ApiTokenRecord;
import dev.kubicle.operator.store.ApiTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * API tokens for scripts. A token reads {@code kbt_<id>_<secret>}: the id (96 bits, hex) is public and names the
 * token in lists and logs; the secret (256 bits, base64url) is shown once at creation and only its SHA-256 hash is
 * stored. Tokens expire (never later than the configured maximum) and can be revoked.
 */
public class ApiTokenService {
  public static final String PREFIX = "kbt_";
  private static final Pattern FORMAT = Pattern.compile("kbt_([0-9a-f]{24})_([A-Za-z0-9_-]{43})");
  /** Use is recorded at most this often per token, so a busy script does not write on every call. */
  private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

  /** A new token: the full text (show it once) and what was stored. */
  public record Created(String token, ApiTokenRecord record) {}

  /** Why a presented token was refused; the message is safe to show (it never contains the secret). */
  public static final class Refused extends Exception {
    public Refused(String message) {
      super(message);
    }
  }

  private final ApiTokens tokens;
  private final Clock clock;
  private final Duration maxLifetime;

  public ApiTokenService(ApiTokens tokens, Clock clock, Duration maxLifetime) {
    this.tokens = tokens;
    this.clock = clock;
    this.maxLifetime = maxLifetime;
  }

  /**
   * @param lifetime how long the token lives; null means the maximum
   * @throws IllegalArgumentException when the lifetime is not positive or longer than the maximum
   */
  public Created create(String userKey, String userName, String name, Duration lifetime) {
    Duration life = lifetime == null ? maxLifetime : lifetime;
    if (life.isNegative() || life.isZero()) {
      throw new IllegalArgumentException("must be longer than 0");
    }
    if (life.compareTo(maxLifetime) > 0) {
      throw new IllegalArgumentException("must be at most " + maxLifetime.toHours() + "h (the configured maximum, "
          + "KUBICLE_API_TOKEN_MAX_LIFETIME)");
    }
    String id = Secrets.randomHex(12);
    String secret = Secrets.random(32);
    Instant now = clock.instant();
    ApiTokenRecord record = new ApiTokenRecord(id, userKey, userName, name, Secrets.sha256(secret), now,
        now.plus(life), null, null);
    tokens.insert(record);
    return new Created(PREFIX + id + "_" + secret, record);
  }

  /** The token's owner, or why it is refused (unknown, malformed, revoked, expired). */
  public ApiTokenRecord verify(String token) throws Refused {
    var matcher = FORMAT.matcher(token == null ? "" : token);
    if (!matcher.matches()) {
      throw new Refused("the bearer token is not a Kubicle API token (kbt_<id>_<secret>)");
    }
    String id = matcher.group(1);
    Optional<ApiTokenRecord> found = tokens.byId(id);
    if (found.isEmpty() || !Secrets.equal(found.get().secretHash(), Secrets.sha256(matcher.group(2)))) {
      throw new Refused("API token " + id + " is not valid");
    }
    ApiTokenRecord record = found.get();
    Instant now = clock.instant();
    if (record.revokedAt() != null) {
      throw new Refused("API token " + id + " was revoked at " + record.revokedAt() + "; create a new one");
    }
    if (!now.isBefore(record.expiresAt())) {
      throw new Refused("API token " + id + " expired at " + record.expiresAt() + "; create a new one");
    }
    if (record.lastUsedAt() == null || record.lastUsedAt().plus(TOUCH_INTERVAL).isBefore(now)) {
      tokens.touch(id, now);
    }
    return record;
  }

  public List<ApiTokenRecord> list(String userKey) {
    return tokens.forUser(userKey);
  }

  public boolean revoke(String userKey, String id) {
    return tokens.revoke(userKey, id, clock.instant());
  }

  public Duration maxLifetime() {
    return maxLifetime;
  }
}
