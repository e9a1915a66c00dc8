package dev.kubicle.operator.store.jdbc;

import dev.kubicle.operator.store.SessionRecord;
import dev.kubicle.operator.store.Sessions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

/** Console sessions in table sessions, keyed by the hash of the cookie value. */
final class JdbcSessions implements Sessions {
  private final Database db;

  JdbcSessions(Database db) {
    this.db = db;
  }

  @Override
  public void insert(SessionRecord session) {
    if (session.idHash() == null || session.idHash().length == 0 || session.userKey() == null
        || session.csrfToken() == null || session.createdAt() == null || session.expiresAt() == null) {
      throw new IllegalArgumentException("a session needs idHash, userKey, csrfToken, createdAt and expiresAt");
    }
    db.write("store a session", c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO sessions (id_hash, user_key, user_name, admin, "
          + "csrf_token, created_ms, expires_ms) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        s.setBytes(1, session.idHash());
        s.setString(2, session.userKey());
        s.setString(3, session.userName() == null ? "" : session.userName());
        s.setBoolean(4, session.admin());
        s.setString(5, session.csrfToken());
        Times.set(s, 6, session.createdAt());
        Times.set(s, 7, session.expiresAt());
        return s.executeUpdate();
      }
    });
  }

  @Override
  public Optional<SessionRecord> byIdHash(byte[] idHash) {
    return db.read("look up a session", c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT id_hash, user_key, user_name, admin, csrf_token, "
          + "created_ms, expires_ms FROM sessions WHERE id_hash = ?")) {
        s.setBytes(1, idHash);
        try (ResultSet rs = s.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          return Optional.of(new SessionRecord(rs.getBytes(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
              rs.getString(5), Times.get(rs, "created_ms"), Times.get(rs, "expires_ms")));
        }
      }
    });
  }

  @Override
  public void delete(byte[] idHash) {
    db.write("delete a session", c -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM sessions WHERE id_hash = ?")) {
        s.setBytes(1, idHash);
        return s.executeUpdate();
      }
    });
  }
}
