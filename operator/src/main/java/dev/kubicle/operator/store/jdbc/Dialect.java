package dev.kubicle.operator.store.jdbc;

import java.sql.SQLException;

/** The two databases the store runs on, and the few things that differ between them. */
public enum Dialect {
  SQLITE("sqlite"),
  POSTGRESQL("postgresql");

  private final String folder;

  Dialect(String folder) {
    this.folder = folder;
  }

  /** Where this dialect's migration scripts live on the classpath. */
  String migrationFolder() {
    return "store/migrations/" + folder;
  }

  /** Whether the failure is a unique or primary-key violation (a name or id already taken). */
  boolean isUniqueViolation(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        if ("23505".equals(sql.getSQLState())) {
          return true; // PostgreSQL unique_violation
        }
        // SQLite: SQLITE_CONSTRAINT (19), or its extended codes UNIQUE (2067) and PRIMARYKEY (1555).
        int code = sql.getErrorCode();
        if (this == SQLITE && (code == 19 || code == 2067 || code == 1555)) {
          return true;
        }
      }
    }
    return false;
  }
}
