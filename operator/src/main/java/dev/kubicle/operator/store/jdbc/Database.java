package dev.kubicle.operator.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.kubicle.operator.store.StoreException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The connection pool and the transaction discipline. SQLite allows one writer at a time: writes here queue on a
 * fair lock in this JVM (and open with BEGIN IMMEDIATE), so SQLITE_BUSY never reaches a caller; reads run beside
 * them (WAL). PostgreSQL handles concurrent writers itself.
 */
final class Database implements AutoCloseable {
  /** How long SQLite waits for a lock held by another process (a backup, the sqlite3 shell) before failing. */
  static final int SQLITE_BUSY_TIMEOUT_MS = 15_000;
  /** SQLite's default page size, which Kubicle keeps. */
  static final int SQLITE_PAGE_BYTES = 4096;

  private final Dialect dialect;
  private final HikariDataSource pool;
  private final ReentrantLock sqliteWriter = new ReentrantLock(true);

  private Database(Dialect dialect, HikariDataSource pool) {
    this.dialect = dialect;
    this.pool = pool;
  }

  Dialect dialect() {
    return dialect;
  }

  static Database open(StoreSettings settings) {
    return settings.dialect() == Dialect.SQLITE ? sqlite(settings.sqliteFile(), settings.sqliteMaxBytes())
        : postgres(settings.postgres());
  }

  private static Database sqlite(Path file, long maxBytes) {
    Path absolute = file.toAbsolutePath();
    Path dir = absolute.getParent();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StoreException("cannot create the folder " + dir + " for the SQLite store (" + e.getClass()
          .getSimpleName() + ": " + e.getMessage() + "). Check KUBICLE_DATA_DIR and the volume mounted there, or set "
          + "KUBICLE_STORE_URL to use PostgreSQL", e);
    }
    if (!Files.isWritable(dir)) {
      throw new StoreException("the folder " + dir + " for the SQLite store is not writable by this process. Check "
          + "KUBICLE_DATA_DIR and the volume's permissions (fsGroup), or set KUBICLE_STORE_URL to use PostgreSQL");
    }
    createPrivately(absolute);
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL); // durable across crashes of the process, fast
    config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    if (maxBytes > 0) {
      config.setMaxPageCount((int) Math.min(Integer.MAX_VALUE, maxBytes / SQLITE_PAGE_BYTES));
    }
    SQLiteDataSource source = new SQLiteDataSource(config);
    source.setUrl("jdbc:sqlite:" + absolute);
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("kubicle-store");
    pool.setDataSource(source);
    pool.setMaximumPoolSize(4); // one writer at a time anyway; the rest serve readers
    pool.setInitializationFailTimeout(1);
    try {
      return new Database(Dialect.SQLITE, new HikariDataSource(pool));
    } catch (RuntimeException e) {
      throw new StoreException("cannot open the SQLite store " + absolute + ": " + rootMessage(e) + ". Check "
          + "KUBICLE_DATA_DIR, that the file is a Kubicle database and the volume is writable, or set "
          + "KUBICLE_STORE_URL to use PostgreSQL", e);
    }
  }

  /** The file holds session and token hashes: readable by this user only, and SQLite's -wal/-shm files copy that. */
  private static void createPrivately(Path file) {
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException | UnsupportedOperationException e) {
      // an existing store, or a file system without POSIX permissions: SQLite opens or creates it as it is
    } catch (IOException e) {
      throw new StoreException("cannot create the SQLite store " + file + " (" + e.getClass().getSimpleName() + ": "
          + e.getMessage() + "). Check KUBICLE_DATA_DIR and the volume mounted there, or set KUBICLE_STORE_URL to "
          + "use PostgreSQL", e);
    }
  }

  private static Database postgres(PostgresUrl url) {
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("kubicle-store");
    pool.setJdbcUrl(url.jdbcUrl());
    if (url.user() != null) {
      pool.setUsername(url.user());
    }
    if (url.password() != null) {
      pool.setPassword(url.password());
    }
    pool.setMaximumPoolSize(8);
    pool.setConnectionTimeout(10_000);
    pool.setInitializationFailTimeout(1); // one attempt at start: a wrong address should fail now, with its reason
    pool.addDataSourceProperty("connectTimeout", "10");
    pool.addDataSourceProperty("ApplicationName", "kubicle-operator");
    pool.addDataSourceProperty("reWriteBatchedInserts", "true");
    try {
      return new Database(Dialect.POSTGRESQL, new HikariDataSource(pool));
    } catch (RuntimeException e) {
      throw new StoreException("cannot reach the PostgreSQL store at " + url + ": " + rootMessage(e) + ". Check "
          + "KUBICLE_STORE_URL (host, port, database), that the server runs and accepts connections from the "
          + "operator, and the user and password (KUBICLE_STORE_USER, KUBICLE_STORE_PASSWORD)", e);
    }
  }

  /** Bytes the SQLite database holds now (pages in use, whether or not checkpointed from the WAL yet). */
  long sqliteBytes() {
    return read("measure the database", c -> {
      try (var s = c.createStatement(); var rs = s.executeQuery("PRAGMA page_count")) {
        rs.next();
        return rs.getLong(1) * SQLITE_PAGE_BYTES;
      }
    });
  }

  /** Runs {@code work} in autocommit mode (one statement or a consistent-enough read). */
  <T> T read(String what, SqlWork<T> work) {
    try (Connection connection = pool.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  /** Runs {@code work} in one transaction: all of it or nothing. */
  <T> T write(String what, SqlWork<T> work) {
    boolean sqlite = dialect == Dialect.SQLITE;
    if (sqlite) {
      sqliteWriter.lock();
    }
    try (Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      T result;
      try {
        result = work.run(connection);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        // SQLite may have rolled back already (SQLITE_FULL does): the rollback and the reset then fail too, and
        // must not hide the failure that says what happened.
        try {
          connection.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        try {
          connection.setAutoCommit(true);
        } catch (SQLException reset) {
          e.addSuppressed(reset);
        }
        throw e;
      }
      connection.setAutoCommit(true);
      return result;
    } catch (SQLException e) {
      throw failure(what, e);
    } finally {
      if (sqlite) {
        sqliteWriter.unlock();
      }
    }
  }

  private StoreException failure(String what, SQLException e) {
    return new StoreException("the store could not " + what + ": " + rootMessage(e), e);
  }

  /**
   * The most telling message in the chain: the deepest SQLException's (the driver says what the server said, e.g.
   * "password authentication failed for user ..."), else the root cause's.
   */
  static String rootMessage(Throwable e) {
    Throwable cause = e;
    String sql = null;
    while (cause != null) {
      if (cause instanceof SQLException && cause.getMessage() != null) {
        sql = cause.getMessage();
      }
      if (cause.getCause() == null || cause.getCause() == cause) {
        break;
      }
      cause = cause.getCause();
    }
    String message = sql != null ? sql
        : cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return message.strip();
  }

  @Override
  public void close() {
    pool.close();
  }
}
