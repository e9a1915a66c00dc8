package dev.kubicle.operator.store.jdbc;

import dev.kubicle.operator.store.AgentLogs;
import dev.kubicle.operator.store.LogLine;
import dev.kubicle.operator.store.LogText;
import dev.kubicle.operator.store.LogUsage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Agent logs in table agent_log_lines, one seq sequence per workspace uid across all sources. */
final class JdbcAgentLogs implements AgentLogs {
  private final Database db;

  JdbcAgentLogs(Database db) {
    this.db = db;
  }

  @Override
  public long append(String workspaceUid, String source, Instant at, List<String> lines) {
    Objects.requireNonNull(workspaceUid, "workspaceUid");
    Objects.requireNonNull(at, "at");
    String cleanSource = LogText.field(source == null || source.isBlank() ? "agent" : source, 64);
    if (lines.isEmpty()) {
      return lastSeq(workspaceUid);
    }
    return db.write("append to the agent log of workspace " + workspaceUid, c -> {
      long last = LogHeads.reserve(c, LogHeads.AGENT, workspaceUid, LogHeads.NO_BUILD, lines.size(), at);
      long seq = last - lines.size();
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO agent_log_lines (workspace_uid, seq, at_ms, source, text) VALUES (?, ?, ?, ?, ?)")) {
        for (String line : lines) {
          s.setString(1, workspaceUid);
          s.setLong(2, ++seq);
          s.setLong(3, at.toEpochMilli());
          s.setString(4, cleanSource);
          s.setString(5, LogText.clean(line));
          s.addBatch();
        }
        s.executeBatch();
      }
      return last;
    });
  }

  @Override
  public List<LogLine> read(String workspaceUid, long afterSeq, int limit) {
    return db.read("read the agent log of workspace " + workspaceUid, c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT seq, at_ms, source, text FROM agent_log_lines "
          + "WHERE workspace_uid = ? AND seq > ? ORDER BY seq LIMIT ?")) {
        s.setString(1, workspaceUid);
        s.setLong(2, afterSeq);
        s.setInt(3, LogHeads.page(limit, JdbcBuildLogs.MAX_PAGE));
        List<LogLine> lines = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            lines.add(new LogLine(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
                rs.getString(4)));
          }
        }
        return lines;
      }
    });
  }

  @Override
  public long lastSeq(String workspaceUid) {
    return db.read("read the agent log of workspace " + workspaceUid,
        c -> LogHeads.last(c, LogHeads.AGENT, workspaceUid, LogHeads.NO_BUILD));
  }

  @Override
  public LogUsage usage(String workspaceUid) {
    return db.read("measure the agent log of workspace " + workspaceUid, c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM("
          + db.dialect().byteLength("text") + "), 0) FROM agent_log_lines WHERE workspace_uid = ?")) {
        s.setString(1, workspaceUid);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          return new LogUsage(rs.getLong(1), rs.getLong(2));
        }
      }
    });
  }

  @Override
  public void deleteWorkspace(String workspaceUid) {
    db.write("delete the agent log of workspace " + workspaceUid, c -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM agent_log_lines WHERE workspace_uid = ?")) {
        s.setString(1, workspaceUid);
        s.executeUpdate();
      }
      return LogHeads.deleteWorkspace(c, LogHeads.AGENT, workspaceUid);
    });
  }
}
