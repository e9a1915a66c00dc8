package dev.kubicle.operator.store.jdbc;

import dev.kubicle.operator.store.LogText;
import dev.kubicle.operator.store.NameTakenException;
import dev.kubicle.operator.store.StoreException;
import dev.kubicle.operator.store.UserRecord;
import dev.kubicle.operator.store.Users;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Users in table users; the unique index on name binds each owner name to one identity. */
final class JdbcUsers implements Users {
  private static final String COLUMNS = "user_key, issuer, subject, name, email, first_seen_ms, last_seen_ms";

  private final Database db;

  JdbcUsers(Database db) {
    this.db = db;
  }

  static String key(String issuer, String subject) {
    return issuer + "|" + subject;
  }

  @Override
  public UserRecord login(String issuer, String subject, String name, String email, Instant at) {
    if (issuer == null || issuer.isBlank() || subject == null || subject.isBlank()) {
      throw new IllegalArgumentException("a login needs the token's issuer and subject");
    }
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a login needs an owner name");
    }
    String key = key(issuer, subject);
    String cleanEmail = LogText.field(email, 320);
    try {
      return db.write("record the login of " + name, c -> {
        Optional<UserRecord> known = byKey(c, key);
        if (known.isPresent()) {
          try (PreparedStatement s = c.prepareStatement(
              "UPDATE users SET email = ?, last_seen_ms = ? WHERE user_key = ?")) {
            s.setString(1, cleanEmail);
            Times.set(s, 2, at);
            s.setString(3, key);
            s.executeUpdate();
          }
          UserRecord u = known.get();
          return new UserRecord(key, u.issuer(), u.subject(), u.name(), cleanEmail, u.firstSeen(), at);
        }
        Optional<UserRecord> holder = byName(c, name);
        if (holder.isPresent()) {
          throw taken(name, holder.get());
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO users (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
          s.setString(1, key);
          s.setString(2, issuer);
          s.setString(3, subject);
          s.setString(4, name);
          s.setString(5, cleanEmail);
          Times.set(s, 6, at);
          Times.set(s, 7, at);
          s.executeUpdate();
        }
        return new UserRecord(key, issuer, subject, name, cleanEmail, at, at);
      });
    } catch (StoreException e) {
      if (e instanceof NameTakenException || !(e.getCause() instanceof SQLException sql)
          || !db.dialect().isUniqueViolation(sql)) {
        throw e;
      }
      // Lost a race with a login that took the name (or created this identity) a moment ago: look again.
      Optional<UserRecord> same = byKey(key);
      if (same.isPresent()) {
        return login(issuer, subject, name, email, at);
      }
      throw byName(name).map(holder -> taken(name, holder)).orElseThrow(() -> e);
    }
  }

  private static NameTakenException taken(String name, UserRecord holder) {
    return new NameTakenException("the name '" + name + "' belongs to another identity (issuer " + holder.issuer()
        + "); ask an admin, or log in with the identity that first used it");
  }

  @Override
  public Optional<UserRecord> byKey(String key) {
    return db.read("look up a user", c -> byKey(c, key));
  }

  @Override
  public Optional<UserRecord> byName(String name) {
    return db.read("look up user " + name, c -> byName(c, name));
  }

  private static Optional<UserRecord> byKey(Connection c, String key) throws SQLException {
    return one(c, "SELECT " + COLUMNS + " FROM users WHERE user_key = ?", key);
  }

  private static Optional<UserRecord> byName(Connection c, String name) throws SQLException {
    return one(c, "SELECT " + COLUMNS + " FROM users WHERE name = ?", name);
  }

  private static Optional<UserRecord> one(Connection c, String sql, String arg) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, arg);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new UserRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), Times.get(rs, "first_seen_ms"), Times.get(rs, "last_seen_ms")));
      }
    }
  }
}
