package dev.kubicle.operator.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The last seq of each log. Reserving raises it in one upsert, which row-locks the head until the transaction
 * ends: concurrent appends to one log queue there, so their seqs are unique and commit in order.
 */
final class LogHeads {
  static final String BUILD = "build";
  static final String AGENT = "agent";
  /** Agent logs have no build number. */
  static final long NO_BUILD = 0;

  private LogHeads() {}

  /** Reserves {@code count} seqs and returns the last of them (the first is last - count + 1). */
  static long reserve(Connection c, String kind, String workspaceUid, long build, int count, Instant at)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO log_heads (log_kind, workspace_uid, build, last_seq, "
        + "updated_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (log_kind, workspace_uid, build) DO UPDATE SET "
        + "last_seq = log_heads.last_seq + excluded.last_seq, updated_ms = excluded.updated_ms RETURNING last_seq")) {
      s.setString(1, kind);
      s.setString(2, workspaceUid);
      s.setLong(3, build);
      s.setLong(4, count);
      s.setLong(5, at.toEpochMilli());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  static long last(Connection c, String kind, String workspaceUid, long build) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT last_seq FROM log_heads WHERE log_kind = ? AND workspace_uid = ? AND build = ?")) {
      s.setString(1, kind);
      s.setString(2, workspaceUid);
      s.setLong(3, build);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  static int deleteWorkspace(Connection c, String kind, String workspaceUid) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM log_heads WHERE log_kind = ? AND workspace_uid = ?")) {
      s.setString(1, kind);
      s.setString(2, workspaceUid);
      return s.executeUpdate();
    }
  }

  /** Clamps a reader's page size: reads are bounded whatever the caller asks for. */
  static int page(int limit, int max) {
    return Math.max(1, Math.min(limit, max));
  }
}
