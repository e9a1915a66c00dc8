package dev.kubicle.operator.store.jdbc;

import dev.kubicle.operator.store.LogQuotas;
import dev.kubicle.operator.store.StoreException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the store lives and how long it keeps things, read from the environment: embedded SQLite in
 * {@code KUBICLE_DATA_DIR/kubicle.db} unless {@code KUBICLE_STORE_URL} names a PostgreSQL server.
 *
 * @param sqliteFile the SQLite file (SQLite only)
 * @param postgres the server (PostgreSQL only)
 * @param retentionDays logs and audit rows older than this are deleted; 0 keeps them forever
 * @param quotas how much log text is kept per build and per workspace's agent log
 * @param reserveBytes free space on the SQLite volume kept for audit entries and the rest: log writes pause below it
 * @param sqliteMaxBytes the largest the SQLite database may grow (its writes fail "database or disk is full"
 *     beyond), 0 for as large as the volume allows
 */
public record StoreSettings(Dialect dialect, Path sqliteFile, PostgresUrl postgres, int retentionDays,
    LogQuotas quotas, long reserveBytes, long sqliteMaxBytes) {
  public static final int DEFAULT_RETENTION_DAYS = 30;
  public static final String SQLITE_FILE = "kubicle.db";
  public static final long DEFAULT_RESERVE_BYTES = 64 * LogQuotas.MIB;

  public static StoreSettings sqlite(Path file, int retentionDays) {
    return new StoreSettings(Dialect.SQLITE, file, null, retentionDays, LogQuotas.DEFAULTS, DEFAULT_RESERVE_BYTES, 0);
  }

  public static StoreSettings postgres(PostgresUrl url, int retentionDays) {
    return new StoreSettings(Dialect.POSTGRESQL, null, url, retentionDays, LogQuotas.DEFAULTS, DEFAULT_RESERVE_BYTES,
        0);
  }

  public StoreSettings withQuotas(LogQuotas quotas, long reserveBytes) {
    return new StoreSettings(dialect, sqliteFile, postgres, retentionDays, quotas, reserveBytes, sqliteMaxBytes);
  }

  public StoreSettings withSqliteMaxBytes(long maxBytes) {
    return new StoreSettings(dialect, sqliteFile, postgres, retentionDays, quotas, reserveBytes, maxBytes);
  }

  /**
   * Reads KUBICLE_STORE_URL, KUBICLE_STORE_USER, KUBICLE_STORE_PASSWORD, KUBICLE_DATA_DIR (default ~/.kubicle),
   * KUBICLE_STORE_RETENTION_DAYS (default 30), the log quotas (see {@link LogQuotas#fromEnvironment}) and
   * KUBICLE_STORE_RESERVE_MIB (default 64) and KUBICLE_STORE_SQLITE_MAX_MIB (default 0: no cap), both SQLite only.
   */
  public static StoreSettings fromEnvironment(Map<String, String> env) {
    int retention = retentionDays(env.get("KUBICLE_STORE_RETENTION_DAYS"));
    LogQuotas quotas = LogQuotas.fromEnvironment(env);
    long reserve = LogQuotas.mib(env, "KUBICLE_STORE_RESERVE_MIB", DEFAULT_RESERVE_BYTES);
    String url = env.get("KUBICLE_STORE_URL");
    if (url != null && !url.isBlank()) {
      return postgres(PostgresUrl.parse(url, env.get("KUBICLE_STORE_USER"), env.get("KUBICLE_STORE_PASSWORD")),
          retention).withQuotas(quotas, reserve);
    }
    String dir = env.get("KUBICLE_DATA_DIR");
    Path base = dir == null || dir.isBlank() ? Path.of(System.getProperty("user.home"), ".kubicle") : Path.of(dir);
    return sqlite(base.resolve(SQLITE_FILE), retention).withQuotas(quotas, reserve)
        .withSqliteMaxBytes(LogQuotas.mib(env, "KUBICLE_STORE_SQLITE_MAX_MIB", 0));
  }

  static int retentionDays(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_RETENTION_DAYS;
    }
    try {
      int days = Integer.parseInt(value.strip());
      if (days >= 0) {
        return days;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new StoreException("KUBICLE_STORE_RETENTION_DAYS must be a whole number of days, 0 to keep logs and "
        + "audit forever; got '" + value + "'");
  }

  /** For logs and the readiness endpoint: which database, never a password. */
  public String describe() {
    return dialect == Dialect.SQLITE ? "sqlite:" + sqliteFile.toAbsolutePath() : postgres.toString();
  }

  @Override
  public String toString() {
    return describe() + ", retention " + retentionDays + " days";
  }
}
