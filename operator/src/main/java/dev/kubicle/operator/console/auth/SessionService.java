package dev.kubicle.operator.console.auth;

import dev.kubicle.operator.store.SessionRecord;
import dev.kubicle.operator.store.Sessions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Console login sessions: a random 256-bit id goes to the browser in a cookie, only its SHA-256 hash is stored, with
 * a per-session CSRF token. An expired session is deleted when it is next presented.
 */
public class SessionService {
  /** What the browser gets: the cookie value (never stored) and the CSRF token its pages must echo. */
  public record Created(String cookieValue, SessionRecord record) {}

  private final Sessions sessions;
  private final Clock clock;
  private final Duration lifetime;

  public SessionService(Sessions sessions, Clock clock, Duration lifetime) {
    this.sessions = sessions;
    this.clock = clock;
    this.lifetime = lifetime;
  }

  public Created create(String userKey, String userName, boolean admin) {
    String id = Secrets.random(32);
    Instant now = clock.instant();
    SessionRecord record = new SessionRecord(Secrets.sha256(id), userKey, userName, admin, Secrets.random(32), now,
        now.plus(lifetime));
    sessions.insert(record);
    return new Created(id, record);
  }

  /** The live session for a cookie value, if any. */
  public Optional<Principal> resolve(String cookieValue) {
    if (cookieValue == null || cookieValue.isEmpty() || cookieValue.length() > 128) {
      return Optional.empty();
    }
    byte[] hash = Secrets.sha256(cookieValue);
    Optional<SessionRecord> found = sessions.byIdHash(hash);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    SessionRecord record = found.get();
    if (!clock.instant().isBefore(record.expiresAt())) {
      sessions.delete(hash);
      return Optional.empty();
    }
    return Optional.of(Principal.session(record.userName(), record.userKey(), record.admin(), record.csrfToken(),
        hash));
  }

  /** Whether the session is still signed in (not signed out, not expired). Blocking: reads the store. */
  public boolean isLive(byte[] idHash) {
    return sessions.byIdHash(idHash).filter(r -> clock.instant().isBefore(r.expiresAt())).isPresent();
  }

  public void delete(byte[] idHash) {
    sessions.delete(idHash);
  }

  public Duration lifetime() {
    return lifetime;
  }
}
