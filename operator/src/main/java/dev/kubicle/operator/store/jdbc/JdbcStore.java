package dev.kubicle.operator.store.jdbc;

import dev.kubicle.operator.store.AgentLogs;
import dev.kubicle.operator.store.ApiTokens;
import dev.kubicle.operator.store.AuditLog;
import dev.kubicle.operator.store.BuildLogs;
import dev.kubicle.operator.store.LogQuotas;
import dev.kubicle.operator.store.Sessions;
import dev.kubicle.operator.store.Store;
import dev.kubicle.operator.store.StoreException;
import dev.kubicle.operator.store.TaskRecords;
import dev.kubicle.operator.store.Users;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The store on SQLite or PostgreSQL through JDBC: opens the pool, migrates the schema, and hands out the parts. */
public final class JdbcStore implements Store {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);
  /** Agent log lines deleted at once when an audit entry does not fit. */
  static final int ROOM_LINES = 2_000;

  private final StoreSettings settings;
  private final Database db;
  private final BuildLogs buildLogs;
  private final AgentLogs agentLogs;
  private final AuditLog audit;
  private final Users users;
  private final ApiTokens apiTokens;
  private final Sessions sessions;
  private final TaskRecords taskRecords;
  private final FreeSpace room;

  private JdbcStore(StoreSettings settings, Database db) {
    this.settings = settings;
    this.db = db;
    this.buildLogs = new JdbcBuildLogs(db);
    this.agentLogs = new JdbcAgentLogs(db);
    this.audit = new JdbcAuditLog(db);
    this.users = new JdbcUsers(db);
    this.apiTokens = new JdbcApiTokens(db);
    this.sessions = new JdbcSessions(db);
    this.taskRecords = new JdbcTaskRecords(db);
    this.room = settings.dialect() == Dialect.SQLITE
        ? FreeSpace.of(settings.sqliteFile().toAbsolutePath().getParent(), settings.sqliteMaxBytes(), db::sqliteBytes,
            settings.reserveBytes())
        : FreeSpace.ALWAYS;
  }

  /** Opens the store the environment names (see {@link StoreSettings#fromEnvironment}). */
  public static JdbcStore open(Map<String, String> env) {
    return open(StoreSettings.fromEnvironment(env));
  }

  /**
   * Connects and brings the schema up to date.
   *
   * @throws StoreException saying which database could not be used and what to check
   */
  public static JdbcStore open(StoreSettings settings) {
    Database db = Database.open(settings);
    try {
      int applied = Migrations.of(db).run();
      LOG.info("store: {} (schema {}, {} migration(s) applied now, retention {})", settings.describe(),
          Migrations.ALL.get(Migrations.ALL.size() - 1).version(), applied,
          settings.retentionDays() == 0 ? "off" : settings.retentionDays() + " days");
      return new JdbcStore(settings, db);
    } catch (RuntimeException e) {
      db.close();
      if (e instanceof SchemaException) {
        throw e;
      }
      throw new StoreException("cannot prepare the store " + settings.describe() + ": " + Database.rootMessage(e)
          + (settings.dialect() == Dialect.SQLITE
              ? ". Check that the file is a Kubicle SQLite database on a writable volume (KUBICLE_DATA_DIR)"
              : ". Check that the user may create tables in that database"), e);
    }
  }

  @Override
  public BuildLogs buildLogs() {
    return buildLogs;
  }

  @Override
  public AgentLogs agentLogs() {
    return agentLogs;
  }

  @Override
  public AuditLog audit() {
    return audit;
  }

  @Override
  public Users users() {
    return users;
  }

  @Override
  public ApiTokens apiTokens() {
    return apiTokens;
  }

  @Override
  public Sessions sessions() {
    return sessions;
  }

  @Override
  public TaskRecords taskRecords() {
    return taskRecords;
  }

  /**
   * Deletes whole build logs whose last line is older than the retention (a build log is never cut in half), agent
   * log lines and audit rows older than it, the records of tasks quiet for longer than it (whole, like build logs;
   * monthly usage stays), expired sessions and tokens, and tokens revoked before it.
   */
  @Override
  public long applyRetention(Instant now) {
    long nowMs = now.toEpochMilli();
    long cutoff = settings.retentionDays() == 0 ? Long.MIN_VALUE
        : now.minus(Duration.ofDays(settings.retentionDays())).toEpochMilli();
    long gone = 0;
    gone += delete("delete old build logs", "DELETE FROM build_log_lines WHERE EXISTS (SELECT 1 FROM log_heads h "
        + "WHERE h.log_kind = 'build' AND h.workspace_uid = build_log_lines.workspace_uid "
        + "AND h.build = build_log_lines.build AND h.updated_ms < ?)", cutoff);
    delete("delete old build log heads", "DELETE FROM log_heads WHERE log_kind = 'build' AND updated_ms < ?", cutoff);
    gone += delete("delete old agent log lines", "DELETE FROM agent_log_lines WHERE at_ms < ?", cutoff);
    // An agent log's head stays while it has lines, so its seqs keep growing; an idle, emptied one goes.
    delete("delete old agent log heads", "DELETE FROM log_heads WHERE log_kind = 'agent' AND updated_ms < ? "
        + "AND NOT EXISTS (SELECT 1 FROM agent_log_lines l WHERE l.workspace_uid = log_heads.workspace_uid)", cutoff);
    gone += delete("delete old audit entries", "DELETE FROM audit_log WHERE at_ms < ?", cutoff);
    gone += deleteOldTasks(cutoff);
    gone += delete("delete expired sessions", "DELETE FROM sessions WHERE expires_ms <= ?", nowMs);
    gone += delete("delete expired API tokens", "DELETE FROM api_tokens WHERE expires_ms <= ?", nowMs);
    gone += delete("delete revoked API tokens", "DELETE FROM api_tokens WHERE revoked_ms < ?", cutoff);
    return gone;
  }

  /** One transaction, so a task that records again meanwhile keeps its header and rows together. */
  private long deleteOldTasks(long cutoff) {
    return db.write("delete old task records", c -> {
      long rows = 0;
      for (String table : new String[] {"task_transcript", "task_model_calls", "task_tool_calls"}) {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE task_uid IN "
            + "(SELECT task_uid FROM task_records WHERE updated_ms < ?)")) {
          s.setLong(1, cutoff);
          rows += s.executeUpdate();
        }
      }
      try (PreparedStatement s = c.prepareStatement("DELETE FROM task_records WHERE updated_ms < ?")) {
        s.setLong(1, cutoff);
        s.executeUpdate();
      }
      return rows;
    });
  }

  private long delete(String what, String sql, long bound) {
    return db.write(what, c -> {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        s.setLong(1, bound);
        return (long) s.executeUpdate();
      }
    });
  }

  @Override
  public LogQuotas logQuotas() {
    return settings.quotas();
  }

  /** SQLite: the volume has more free space than the reserve (asked at most every few seconds). PostgreSQL: yes. */
  @Override
  public boolean roomForLogs() {
    return room.get();
  }

  /**
   * Deletes the oldest agent log lines and the oldest whole build log, so that pages free up inside the database
   * for an audit entry; PostgreSQL reuses the space as well once the rows are gone.
   */
  @Override
  public long makeRoomForAudit(RuntimeException failure) {
    if (!Dialect.isFull(failure)) {
      return 0;
    }
    long gone = db.write("delete the oldest agent log lines to make room for audit entries", c -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM agent_log_lines WHERE (workspace_uid, seq) IN "
          + "(SELECT workspace_uid, seq FROM agent_log_lines ORDER BY at_ms LIMIT ?)")) {
        s.setInt(1, ROOM_LINES);
        return (long) s.executeUpdate();
      }
    });
    return gone + db.write("delete the oldest build log to make room for audit entries", c -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM build_log_lines WHERE (workspace_uid, build) IN "
          + "(SELECT h.workspace_uid, h.build FROM log_heads h WHERE h.log_kind = 'build' AND EXISTS (SELECT 1 FROM "
          + "build_log_lines l WHERE l.workspace_uid = h.workspace_uid AND l.build = h.build) "
          + "ORDER BY h.updated_ms LIMIT 1)")) {
        return (long) s.executeUpdate();
      }
    });
  }

  @Override
  public String describe() {
    return settings.describe();
  }

  public StoreSettings settings() {
    return settings;
  }

  /** The schema versions applied to this database (tests and diagnostics). */
  public Map<Integer, String> schemaVersions() {
    return Migrations.of(db).applied();
  }

  @Override
  public void close() {
    db.close();
  }
}
