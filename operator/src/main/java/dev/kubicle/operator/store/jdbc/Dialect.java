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

  /** SQL for the length in UTF-8 bytes of a text column (what the log quotas count). */
  String byteLength(String column) {
    return this == SQLITE ? "length(CAST(" + column + " AS BLOB))" : "octet_length(" + column + ")";
  }

  /**
   * Whether the failure says the database or its disk is full: SQLITE_FULL (13), or PostgreSQL's disk_full (53100)
   * and out_of_memory class 53. Logs give way to audit entries then.
   */
  static boolean isFull(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        if ((sql.getErrorCode() & 0xff) == 13 && sql.getMessage() != null && sql.getMessage().contains("SQLITE_FULL")
            || state != null && state.startsWith("53")) {
          return true;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
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
