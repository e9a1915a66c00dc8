package dev.kubicle.operator.store.jdbc;

import dev.kubicle.operator.store.ApiTokenRecord;
import dev.kubicle.operator.store.ApiTokens;
import dev.kubicle.operator.store.LogText;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** API tokens in table api_tokens: the secret's hash only. */
final class JdbcApiTokens implements ApiTokens {
  /** A use is written at most this often per token: a busy script should not turn every request into a write. */
  static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
  private static final String COLUMNS = "id, user_key, user_name, name, secret_hash, created_ms, expires_ms, "
      + "last_used_ms, revoked_ms";

  private final Database db;

  JdbcApiTokens(Database db) {
    this.db = db;
  }

  @Override
  public void insert(ApiTokenRecord token) {
    if (token.id() == null || token.id().isBlank() || token.userKey() == null || token.secretHash() == null
        || token.secretHash().length == 0 || token.createdAt() == null || token.expiresAt() == null) {
      throw new IllegalArgumentException("an API token needs id, userKey, secretHash, createdAt and expiresAt");
    }
    db.write("store API token " + token.id(), c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO api_tokens (" + COLUMNS + ") VALUES "
          + "(?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        s.setString(1, token.id());
        s.setString(2, token.userKey());
        s.setString(3, token.userName() == null ? "" : token.userName());
        s.setString(4, LogText.field(token.name() == null ? "" : token.name(), 200));
        s.setBytes(5, token.secretHash());
        Times.set(s, 6, token.createdAt());
        Times.set(s, 7, token.expiresAt());
        Times.set(s, 8, token.lastUsedAt());
        Times.set(s, 9, token.revokedAt());
        return s.executeUpdate();
      }
    });
  }

  @Override
  public Optional<ApiTokenRecord> byId(String id) {
    return db.read("look up an API token", c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM api_tokens WHERE id = ?")) {
        s.setString(1, id);
        try (ResultSet rs = s.executeQuery()) {
          return rs.next() ? Optional.of(token(rs)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public List<ApiTokenRecord> forUser(String userKey) {
    return db.read("list API tokens", c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM api_tokens WHERE user_key = ? "
          + "ORDER BY created_ms DESC, id LIMIT 1000")) {
        s.setString(1, userKey);
        List<ApiTokenRecord> tokens = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            tokens.add(token(rs));
          }
        }
        return tokens;
      }
    });
  }

  @Override
  public boolean revoke(String userKey, String id, Instant at) {
    return db.write("revoke API token " + id, c -> {
      try (PreparedStatement s = c.prepareStatement(
          "UPDATE api_tokens SET revoked_ms = ? WHERE id = ? AND user_key = ? AND revoked_ms IS NULL")) {
        Times.set(s, 1, at);
        s.setString(2, id);
        s.setString(3, userKey);
        if (s.executeUpdate() > 0) {
          return true;
        }
      }
      // Already revoked counts as done; another user's token is "no such token".
      try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM api_tokens WHERE id = ? AND user_key = ?")) {
        s.setString(1, id);
        s.setString(2, userKey);
        try (ResultSet rs = s.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  @Override
  public void touch(String id, Instant at) {
    db.write("record a use of API token " + id, c -> {
      try (PreparedStatement s = c.prepareStatement("UPDATE api_tokens SET last_used_ms = ? WHERE id = ? "
          + "AND (last_used_ms IS NULL OR last_used_ms <= ?)")) {
        Times.set(s, 1, at);
        s.setString(2, id);
        s.setLong(3, at.minus(TOUCH_INTERVAL).toEpochMilli());
        return s.executeUpdate();
      }
    });
  }

  private static ApiTokenRecord token(ResultSet rs) throws SQLException {
    return new ApiTokenRecord(rs.getString("id"), rs.getString("user_key"), rs.getString("user_name"),
        rs.getString("name"), rs.getBytes("secret_hash"), Times.get(rs, "created_ms"), Times.get(rs, "expires_ms"),
        Times.get(rs, "last_used_ms"), Times.get(rs, "revoked_ms"));
  }
}
