package dev.kubicle.operator.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to date at start: applies, in order and each in its own transaction, the migrations the
 * table schema_version does not list yet. Running it again changes nothing. A script edited after it ran, or a
 * database written by a newer Kubicle, stops the start with a message instead of guessing.
 */
final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
  /** PostgreSQL advisory lock key ("kubi"): two operators starting together apply each migration once. */
  private static final long LOCK_KEY = 0x6b756269L;

  /** Every migration, oldest first. Never edit one that shipped; add the next. */
  static final List<Migration> ALL = List.of(
      new Migration(1, "initial"),
      new Migration(2, "task_records"));

  private final Database db;
  private final String folder;
  private final List<Migration> migrations;

  Migrations(Database db, String folder, List<Migration> migrations) {
    this.db = db;
    this.folder = folder;
    this.migrations = List.copyOf(migrations);
  }

  static Migrations of(Database db) {
    return new Migrations(db, db.dialect().migrationFolder(), ALL);
  }

  /** Applies what is missing; returns how many migrations ran. */
  int run() {
    db.write("create the schema_version table", c -> {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
            + "checksum TEXT NOT NULL, applied_ms BIGINT NOT NULL)");
      }
      return null;
    });
    int known = migrations.stream().mapToInt(Migration::version).max().orElse(0);
    int applied = 0;
    for (Migration migration : migrations) {
      String script = migration.script(folder);
      String checksum = Migration.checksum(script);
      boolean ran = db.write("apply migration V" + migration.version() + " (" + migration.description() + ")", c -> {
        lock(c);
        Map<Integer, String> done = applied(c);
        int newest = done.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        if (newest > known) {
          throw new SchemaException("the store's schema is at version " + newest + ", newer than this operator knows ("
              + known + "): it was written by a newer Kubicle. Run that version, or restore a backup from before "
              + "the upgrade");
        }
        String previous = done.get(migration.version());
        if (previous != null) {
          if (!previous.equals(checksum)) {
            throw new SchemaException("migration V" + migration.version() + " (" + migration.description() + ") "
                + "changed after it was applied to this database (checksum " + previous.substring(0, 12) + " → "
                + checksum.substring(0, 12) + "); shipped migrations must never be edited");
          }
          return false;
        }
        try (Statement s = c.createStatement()) {
          for (String statement : Migration.statements(script)) {
            s.execute(statement);
          }
        }
        try (PreparedStatement insert = c.prepareStatement(
            "INSERT INTO schema_version (version, description, checksum, applied_ms) VALUES (?, ?, ?, ?)")) {
          insert.setInt(1, migration.version());
          insert.setString(2, migration.description());
          insert.setString(3, checksum);
          insert.setLong(4, Instant.now().toEpochMilli());
          insert.executeUpdate();
        }
        return true;
      });
      if (ran) {
        applied++;
        LOG.info("store schema: applied V{} ({})", migration.version(), migration.description());
      }
    }
    return applied;
  }

  /** The applied versions and their checksums. */
  Map<Integer, String> applied() {
    return db.read("read schema_version", Migrations::applied);
  }

  private static Map<Integer, String> applied(Connection c) throws SQLException {
    Map<Integer, String> done = new TreeMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version, checksum FROM schema_version")) {
      while (rs.next()) {
        done.put(rs.getInt(1), rs.getString(2));
      }
    }
    return done;
  }

  private void lock(Connection c) throws SQLException {
    if (db.dialect() == Dialect.POSTGRESQL) {
      try (Statement s = c.createStatement()) {
        s.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
      }
    }
    // SQLite: the write transaction (BEGIN IMMEDIATE) is already exclusive.
  }
}
