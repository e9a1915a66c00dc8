package dev.kubicle.operator.console.auth;

import dev.kubicle.operator.store.ApiTokenRecord;
import dev.kubicle.operator.store.ApiTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * API tokens for scripts. A token reads {@code kbt_<id>_<secret>}: the id (96 bits, hex) is public and names the
 * token in lists and logs; the secret (256 bits, base64url) is shown once at creation and only its SHA-256 hash is
 * stored. Tokens expire (never later than the configured maximum) and can be revoked.
 *
 * <p>Verified tokens are remembered for a few seconds (their stored record: the hash, never the secret), so a busy
 * script does not cost a store read per request and {@link #verifyCached} can answer on the event loop. Expiry is
 * checked against the clock on every use, and a revocation through this service takes effect at once; a change made
 * to the store by anything else (the sqlite3 shell, another process) is seen within {@link #CACHE_TTL}.
 */
public class ApiTokenService {
  public static final String PREFIX = "kbt_";
  private static final Pattern FORMAT = Pattern.compile("kbt_([0-9a-f]{24})_([A-Za-z0-9_-]{43})");
  /** Use is recorded at most this often per token, so a busy script does not write on every call. */
  private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
  /** How long a token read from the store is trusted without reading it again. */
  public static final Duration CACHE_TTL = Duration.ofSeconds(10);
  /** More remembered tokens than this and the memory starts over (only stored tokens are ever remembered). */
  static final int CACHE_LIMIT = 10_000;

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
  private final Map<String, Remembered> cache = new ConcurrentHashMap<>();
  /** Counts revocations, so a store read that raced with one is not remembered (see {@link #remember}). */
  private final AtomicLong revocations = new AtomicLong();

  /** A stored token as read at {@code readAt}; {@code touchedAt} is the last use written to the store. */
  private record Remembered(ApiTokenRecord record, Instant readAt, Instant touchedAt) {}

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

  /**
   * The token's owner, or why it is refused (unknown, malformed, revoked, expired). Blocking: it may read the store,
   * and records the use at most once a minute per token.
   */
  public ApiTokenRecord verify(String token) throws Refused {
    var matcher = parse(token);
    String id = matcher.group(1);
    long revocationsBefore = revocations.get();
    Optional<ApiTokenRecord> found = tokens.byId(id);
    if (found.isEmpty()) {
      throw new Refused("API token " + id + " is not valid");
    }
    Instant now = clock.instant();
    Remembered remembered = remember(id, found.get(), now, revocationsBefore);
    ApiTokenRecord record = check(remembered.record(), matcher.group(2), now);
    Instant lastUse = latest(record.lastUsedAt(), remembered.touchedAt());
    if (lastUse == null || lastUse.plus(TOUCH_INTERVAL).isBefore(now)) {
      tokens.touch(id, now);
      cache.computeIfPresent(id, (k, r) -> new Remembered(r.record(), r.readAt(), latest(r.touchedAt(), now)));
    }
    return record;
  }

  /**
   * Like {@link #verify} but from memory only, so it never blocks: the token's owner, or null when the store must
   * be asked (the token was not read recently, or its use is due to be recorded); then call {@link #verify}.
   */
  public ApiTokenRecord verifyCached(String token) throws Refused {
    var matcher = parse(token);
    Remembered remembered = cache.get(matcher.group(1));
    Instant now = clock.instant();
    if (remembered == null || !now.isBefore(remembered.readAt().plus(CACHE_TTL))
        || now.isBefore(remembered.readAt())) {
      return null;
    }
    ApiTokenRecord record = check(remembered.record(), matcher.group(2), now);
    Instant lastUse = latest(record.lastUsedAt(), remembered.touchedAt());
    if (lastUse == null || lastUse.plus(TOUCH_INTERVAL).isBefore(now)) {
      return null;
    }
    return record;
  }

  private static java.util.regex.Matcher parse(String token) throws Refused {
    var matcher = FORMAT.matcher(token == null ? "" : token);
    if (!matcher.matches()) {
      throw new Refused("the bearer token is not a Kubicle API token (kbt_<id>_<secret>)");
    }
    return matcher;
  }

  /** The stored record if the secret matches and the token is neither revoked nor expired at {@code now}. */
  private static ApiTokenRecord check(ApiTokenRecord record, String secret, Instant now) throws Refused {
    String id = record.id();
    if (!Secrets.equal(record.secretHash(), Secrets.sha256(secret))) {
      throw new Refused("API token " + id + " is not valid");
    }
    if (record.revokedAt() != null) {
      throw new Refused("API token " + id + " was revoked at " + record.revokedAt() + "; create a new one");
    }
    if (!now.isBefore(record.expiresAt())) {
      throw new Refused("API token " + id + " expired at " + record.expiresAt() + "; create a new one");
    }
    return record;
  }

  /**
   * Remembers a record just read from the store, unless a revocation happened since the read began: that read may
   * predate the revocation, and remembering it would let the token work until the entry went stale. The check and
   * the put are one atomic step on the entry, and {@link #revoke} counts before it forgets, so either this sees the
   * count move or the revocation removes what this put.
   */
  private Remembered remember(String id, ApiTokenRecord record, Instant now, long revocationsBefore) {
    if (cache.size() >= CACHE_LIMIT) {
      cache.clear();
    }
    Remembered kept = cache.compute(id, (k, old) -> revocations.get() != revocationsBefore ? null
        : new Remembered(record, now, old == null ? null : old.touchedAt()));
    return kept != null ? kept : new Remembered(record, now, null);
  }

  private static Instant latest(Instant a, Instant b) {
    return a == null ? b : b == null || a.isAfter(b) ? a : b;
  }

  public List<ApiTokenRecord> list(String userKey) {
    return tokens.forUser(userKey);
  }

  /** Revokes in the store; from then on this service refuses the token (it forgets what it remembered). */
  public boolean revoke(String userKey, String id) {
    boolean revoked = tokens.revoke(userKey, id, clock.instant());
    revocations.incrementAndGet();
    cache.remove(id);
    return revoked;
  }

  /** Whether the token is still usable (not revoked, not expired). Blocking: reads the store, never the cache. */
  public boolean isLive(String id) {
    Instant now = clock.instant();
    return tokens.byId(id).filter(r -> r.revokedAt() == null && now.isBefore(r.expiresAt())).isPresent();
  }

  public Duration maxLifetime() {
    return maxLifetime;
  }
}
