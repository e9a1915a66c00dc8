package dev.kubicle.operator.store.jdbc;

import dev.kubicle.operator.store.BuildLogs;
import dev.kubicle.operator.store.LogLine;
import dev.kubicle.operator.store.LogText;
import dev.kubicle.operator.store.LogUsage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Build logs in table build_log_lines, one seq sequence per (workspace uid, build). */
final class JdbcBuildLogs implements BuildLogs {
  /** The most lines one read returns, whatever the caller asks for. */
  static final int MAX_PAGE = 5_000;
  static final String SOURCE = "build";

  private final Database db;

  JdbcBuildLogs(Database db) {
    this.db = db;
  }

  @Override
  public long append(String workspaceUid, long build, Instant at, List<String> lines) {
    Objects.requireNonNull(workspaceUid, "workspaceUid");
    Objects.requireNonNull(at, "at");
    if (lines.isEmpty()) {
      return lastSeq(workspaceUid, build);
    }
    return db.write("append to the log of build #" + build + " of workspace " + workspaceUid, c -> {
      long last = LogHeads.reserve(c, LogHeads.BUILD, workspaceUid, build, lines.size(), at);
      long seq = last - lines.size();
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO build_log_lines (workspace_uid, build, seq, at_ms, text) VALUES (?, ?, ?, ?, ?)")) {
        for (String line : lines) {
          s.setString(1, workspaceUid);
          s.setLong(2, build);
          s.setLong(3, ++seq);
          s.setLong(4, at.toEpochMilli());
          s.setString(5, LogText.clean(line));
          s.addBatch();
        }
        s.executeBatch();
      }
      return last;
    });
  }

  @Override
  public List<LogLine> read(String workspaceUid, long build, long afterSeq, int limit) {
    return db.read("read the log of build #" + build + " of workspace " + workspaceUid, c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT seq, at_ms, text FROM build_log_lines "
          + "WHERE workspace_uid = ? AND build = ? AND seq > ? ORDER BY seq LIMIT ?")) {
        s.setString(1, workspaceUid);
        s.setLong(2, build);
        s.setLong(3, afterSeq);
        s.setInt(4, LogHeads.page(limit, MAX_PAGE));
        List<LogLine> lines = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            lines.add(new LogLine(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), SOURCE, rs.getString(3)));
          }
        }
        return lines;
      }
    });
  }

  @Override
  public long lastSeq(String workspaceUid, long build) {
    return db.read("read the log of build #" + build + " of workspace " + workspaceUid,
        c -> LogHeads.last(c, LogHeads.BUILD, workspaceUid, build));
  }

  @Override
  public LogUsage usage(String workspaceUid, long build) {
    return db.read("measure the log of build #" + build + " of workspace " + workspaceUid, c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM("
          + db.dialect().byteLength("text") + "), 0) FROM build_log_lines WHERE workspace_uid = ? AND build = ?")) {
        s.setString(1, workspaceUid);
        s.setLong(2, build);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          return new LogUsage(rs.getLong(1), rs.getLong(2));
        }
      }
    });
  }

  @Override
  public void deleteWorkspace(String workspaceUid) {
    db.write("delete the build logs of workspace " + workspaceUid, c -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM build_log_lines WHERE workspace_uid = ?")) {
        s.setString(1, workspaceUid);
        s.executeUpdate();
      }
      return LogHeads.deleteWorkspace(c, LogHeads.BUILD, workspaceUid);
    });
  }
}
