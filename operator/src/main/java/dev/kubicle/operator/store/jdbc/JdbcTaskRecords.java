package dev.kubicle.operator.store.jdbc;

import dev.kubicle.operator.store.LogText;
import dev.kubicle.operator.store.ModelCallEntry;
import dev.kubicle.operator.store.MonthlyUsage;
import dev.kubicle.operator.store.TaskRecord;
import dev.kubicle.operator.store.TaskRecords;
import dev.kubicle.operator.store.TaskRef;
import dev.kubicle.operator.store.ToolCallEntry;
import dev.kubicle.operator.store.TranscriptEntry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Task records in tables task_records (one row per task: identity, transcript bytes), task_transcript,
 * task_model_calls, task_tool_calls and task_usage. Every write refreshes the task's row in the same transaction,
 * which also resolves the owner's user key from the users table.
 */
final class JdbcTaskRecords implements TaskRecords {
  static final int MAX_PAGE = 500;
  private static final int FIELD = 512;
  private static final int MESSAGE = 4096;
  private static final String IDENTITY = "task_uid, namespace, name, owner, owner_key, workspace";

  private final Database db;

  JdbcTaskRecords(Database db) {
    this.db = db;
  }

  @Override
  public TranscriptEntry append(TaskRef task, TranscriptEntry entry, long maxTaskBytes) {
    Objects.requireNonNull(entry.at(), "at");
    if (entry.seq() < 1) {
      throw new IllegalArgumentException("transcript seqs start at 1, got " + entry.seq());
    }
    long bodyBytes = entry.body() == null ? 0 : entry.body().getBytes(StandardCharsets.UTF_8).length;
    return db.write("record message " + entry.seq() + " of task " + task.namespace() + "/" + task.name(), c -> {
      Header header = touch(c, task, entry.at());
      boolean keep = entry.body() != null && !entry.omitted() && header.transcriptBytes + bodyBytes <= maxTaskBytes;
      TranscriptEntry stored = keep ? entry : new TranscriptEntry(entry.seq(), entry.at(), entry.role(), null,
          entry.bytes(), entry.cut(), false, true);
      try (PreparedStatement s = c.prepareStatement("INSERT INTO task_transcript (task_uid, seq, at_ms, role, body, "
          + "bytes, cut, resumable, omitted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        s.setString(1, task.uid());
        s.setInt(2, stored.seq());
        Times.set(s, 3, stored.at());
        s.setString(4, LogText.field(stored.role(), FIELD));
        s.setString(5, stored.body() == null ? null : stored.body().replace('\0', '\uFFFD'));
        s.setLong(6, stored.bytes());
        s.setBoolean(7, stored.cut());
        s.setBoolean(8, stored.resumable());
        s.setBoolean(9, stored.omitted());
        s.executeUpdate();
      }
      if (keep) {
        try (PreparedStatement s = c.prepareStatement(
            "UPDATE task_records SET transcript_bytes = transcript_bytes + ? WHERE task_uid = ?")) {
          s.setLong(1, bodyBytes);
          s.setString(2, task.uid());
          s.executeUpdate();
        }
      }
      return stored;
    });
  }

  @Override
  public List<TranscriptEntry> transcript(String taskUid, int afterSeq, int limit) {
    return db.read("read the transcript of task " + taskUid, c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT seq, at_ms, role, body, bytes, cut, resumable, omitted "
          + "FROM task_transcript WHERE task_uid = ? AND seq > ? ORDER BY seq LIMIT ?")) {
        s.setString(1, taskUid);
        s.setInt(2, afterSeq);
        s.setInt(3, LogHeads.page(limit, MAX_PAGE));
        List<TranscriptEntry> entries = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            entries.add(new TranscriptEntry(rs.getInt(1), Times.get(rs, "at_ms"), rs.getString(3), rs.getString(4),
                rs.getLong(5), rs.getBoolean(6), rs.getBoolean(7), rs.getBoolean(8)));
          }
        }
        return entries;
      }
    });
  }

  @Override
  public void modelCall(TaskRef task, ModelCallEntry call) {
    Objects.requireNonNull(call.at(), "at");
    db.write("record a model call of task " + task.namespace() + "/" + task.name(), c -> {
      Header header = touch(c, task, call.at());
      try (PreparedStatement s = c.prepareStatement("INSERT INTO task_model_calls (" + IDENTITY + ", at_ms, turn, "
          + "provider, provider_type, model, status, stop_reason, input_tokens, output_tokens, cache_read_tokens, "
          + "cache_write_tokens, cost_micros, attempts, latency_ms, error) "
          + "VALUES (" + placeholders(21) + ")")) {
        int i = identity(s, task, header.ownerKey);
        Times.set(s, ++i, call.at());
        s.setInt(++i, call.turn());
        s.setString(++i, LogText.field(call.provider(), FIELD));
        s.setString(++i, LogText.field(call.providerType(), FIELD));
        s.setString(++i, LogText.field(call.model(), FIELD));
        s.setString(++i, LogText.field(call.status(), FIELD));
        s.setString(++i, LogText.field(call.stopReason(), FIELD));
        s.setLong(++i, call.inputTokens());
        s.setLong(++i, call.outputTokens());
        s.setLong(++i, call.cacheReadTokens());
        s.setLong(++i, call.cacheWriteTokens());
        setLong(s, ++i, call.costMicros());
        s.setInt(++i, call.attempts());
        s.setLong(++i, call.latencyMillis());
        s.setString(++i, LogText.field(call.error(), MESSAGE));
        s.executeUpdate();
      }
      addUsage(c, task, header.ownerKey, call);
      return null;
    });
  }

  /** Adds the call to its owner's row of the month: one upsert, so concurrent calls never lose a count. */
  private static void addUsage(Connection c, TaskRef task, String ownerKey, ModelCallEntry call) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO task_usage (month, owner, provider, model, owner_key, "
        + "calls, priced_calls, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_micros) "
        + "VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?) ON CONFLICT (month, owner, provider, model) DO UPDATE SET "
        + "owner_key = COALESCE(excluded.owner_key, task_usage.owner_key), calls = task_usage.calls + 1, "
        + "priced_calls = task_usage.priced_calls + excluded.priced_calls, "
        + "input_tokens = task_usage.input_tokens + excluded.input_tokens, "
        + "output_tokens = task_usage.output_tokens + excluded.output_tokens, "
        + "cache_read_tokens = task_usage.cache_read_tokens + excluded.cache_read_tokens, "
        + "cache_write_tokens = task_usage.cache_write_tokens + excluded.cache_write_tokens, "
        + "cost_micros = task_usage.cost_micros + excluded.cost_micros")) {
      s.setString(1, TaskRecords.monthOf(call.at()).toString());
      s.setString(2, LogText.field(task.owner(), FIELD));
      s.setString(3, LogText.field(call.provider(), FIELD));
      s.setString(4, LogText.field(call.model(), FIELD));
      s.setString(5, ownerKey);
      s.setLong(6, call.costMicros() == null ? 0 : 1);
      s.setLong(7, call.inputTokens());
      s.setLong(8, call.outputTokens());
      s.setLong(9, call.cacheReadTokens());
      s.setLong(10, call.cacheWriteTokens());
      s.setLong(11, call.costMicros() == null ? 0 : call.costMicros());
      s.executeUpdate();
    }
  }

  @Override
  public void toolCall(TaskRef task, ToolCallEntry call) {
    Objects.requireNonNull(call.at(), "at");
    db.write("record a tool call of task " + task.namespace() + "/" + task.name(), c -> {
      Header header = touch(c, task, call.at());
      try (PreparedStatement s = c.prepareStatement("INSERT INTO task_tool_calls (" + IDENTITY + ", at_ms, turn, "
          + "tool_call_id, request_id, tool, arguments, duration_ms, exit_code, output_bytes, truncated, error, "
          + "error_message) VALUES (" + placeholders(18) + ")")) {
        int i = identity(s, task, header.ownerKey);
        Times.set(s, ++i, call.at());
        s.setInt(++i, call.turn());
        s.setString(++i, LogText.field(call.toolCallId(), FIELD));
        s.setString(++i, LogText.field(call.requestId(), FIELD));
        s.setString(++i, LogText.field(call.tool(), FIELD));
        s.setString(++i, LogText.field(call.arguments() == null ? "{}" : call.arguments(), LogText.MAX_LINE_BYTES));
        s.setLong(++i, call.durationMillis());
        if (call.exitCode() == null) {
          s.setNull(++i, Types.INTEGER);
        } else {
          s.setInt(++i, call.exitCode());
        }
        s.setLong(++i, call.outputBytes());
        s.setBoolean(++i, call.truncated());
        s.setBoolean(++i, call.error());
        s.setString(++i, LogText.field(call.errorMessage(), MESSAGE));
        s.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public List<TaskRecord<ModelCallEntry>> modelCalls(String taskUid, long afterId, int limit) {
    return db.read("read the model calls of task " + taskUid, c -> page(c, "task_model_calls", taskUid, afterId,
        limit, rs -> new ModelCallEntry(Times.get(rs, "at_ms"), rs.getInt("turn"), rs.getString("provider"),
            rs.getString("provider_type"), rs.getString("model"), rs.getString("status"),
            rs.getString("stop_reason"), rs.getLong("input_tokens"), rs.getLong("output_tokens"),
            rs.getLong("cache_read_tokens"), rs.getLong("cache_write_tokens"), getLong(rs, "cost_micros"),
            rs.getInt("attempts"), rs.getLong("latency_ms"), rs.getString("error"))));
  }

  @Override
  public List<TaskRecord<ToolCallEntry>> toolCalls(String taskUid, long afterId, int limit) {
    return db.read("read the tool calls of task " + taskUid, c -> page(c, "task_tool_calls", taskUid, afterId, limit,
        rs -> {
          int exit = rs.getInt("exit_code");
          Integer exitCode = rs.wasNull() ? null : exit;
          return new ToolCallEntry(Times.get(rs, "at_ms"), rs.getInt("turn"), rs.getString("tool_call_id"),
              rs.getString("request_id"), rs.getString("tool"), rs.getString("arguments"), rs.getLong("duration_ms"),
              exitCode, rs.getLong("output_bytes"), rs.getBoolean("truncated"), rs.getBoolean("error"),
              rs.getString("error_message"));
        }));
  }

  @Override
  public List<MonthlyUsage> usage(YearMonth month, String owner) {
    Objects.requireNonNull(month, "month");
    String sql = "SELECT month, owner, owner_key, provider, model, calls, priced_calls, input_tokens, output_tokens, "
        + "cache_read_tokens, cache_write_tokens, cost_micros FROM task_usage WHERE month = ?"
        + (owner == null ? "" : " AND owner = ?") + " ORDER BY owner, provider, model";
    return db.read("read the usage of " + month, c -> {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        s.setString(1, month.toString());
        if (owner != null) {
          s.setString(2, owner);
        }
        List<MonthlyUsage> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            long calls = rs.getLong("calls");
            long priced = rs.getLong("priced_calls");
            rows.add(new MonthlyUsage(rs.getString("month"), rs.getString("owner"), rs.getString("owner_key"),
                rs.getString("provider"), rs.getString("model"), calls, rs.getLong("input_tokens"),
                rs.getLong("output_tokens"), rs.getLong("cache_read_tokens"), rs.getLong("cache_write_tokens"),
                priced == 0 ? null : rs.getLong("cost_micros"), calls - priced));
          }
        }
        return rows;
      }
    });
  }

  /** The task's row as it is after this write; {@code ownerKey} is null while the owner has never signed in. */
  private record Header(long transcriptBytes, String ownerKey) {}

  /** Creates the task's row on its first record, else moves its updated time (and learns a new owner key). */
  private static Header touch(Connection c, TaskRef task, Instant at) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO task_records (task_uid, namespace, name, owner, "
        + "owner_key, workspace, transcript_bytes, created_ms, updated_ms) "
        + "VALUES (?, ?, ?, ?, (SELECT user_key FROM users WHERE name = ?), ?, 0, ?, ?) "
        + "ON CONFLICT (task_uid) DO UPDATE SET updated_ms = excluded.updated_ms, "
        + "owner_key = COALESCE(excluded.owner_key, task_records.owner_key) RETURNING transcript_bytes, owner_key")) {
      s.setString(1, task.uid());
      s.setString(2, LogText.field(task.namespace(), FIELD));
      s.setString(3, LogText.field(task.name(), FIELD));
      s.setString(4, LogText.field(task.owner(), FIELD));
      s.setString(5, task.owner());
      s.setString(6, LogText.field(task.workspace(), FIELD));
      Times.set(s, 7, at);
      Times.set(s, 8, at);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return new Header(rs.getLong(1), rs.getString(2));
      }
    }
  }

  private static int identity(PreparedStatement s, TaskRef task, String ownerKey) throws SQLException {
    s.setString(1, task.uid());
    s.setString(2, LogText.field(task.namespace(), FIELD));
    s.setString(3, LogText.field(task.name(), FIELD));
    s.setString(4, LogText.field(task.owner(), FIELD));
    s.setString(5, ownerKey);
    s.setString(6, LogText.field(task.workspace(), FIELD));
    return 6;
  }

  /** Reads one row's entry. */
  private interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private static <T> List<TaskRecord<T>> page(Connection c, String table, String taskUid, long afterId, int limit,
      RowReader<T> reader) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT * FROM " + table
        + " WHERE task_uid = ? AND id > ? ORDER BY id LIMIT ?")) {
      s.setString(1, taskUid);
      s.setLong(2, afterId);
      s.setInt(3, LogHeads.page(limit, MAX_PAGE));
      List<TaskRecord<T>> rows = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          TaskRef ref = new TaskRef(rs.getString("namespace"), rs.getString("name"), rs.getString("task_uid"),
              rs.getString("owner"), rs.getString("workspace"));
          rows.add(new TaskRecord<>(rs.getLong("id"), ref, rs.getString("owner_key"), reader.read(rs)));
        }
      }
      return rows;
    }
  }

  private static String placeholders(int count) {
    return String.join(", ", java.util.Collections.nCopies(count, "?"));
  }

  private static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
    if (value == null) {
      s.setNull(index, Types.BIGINT);
    } else {
      s.setLong(index, value);
    }
  }

  private static Long getLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }
}
