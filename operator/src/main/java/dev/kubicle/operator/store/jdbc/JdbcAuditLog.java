package dev.kubicle.operator.store.jdbc;

import dev.kubicle.operator.store.AuditEntry;
import dev.kubicle.operator.store.AuditLog;
import dev.kubicle.operator.store.AuditQuery;
import dev.kubicle.operator.store.LogText;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The audit log in table audit_log; ids grow, so newest first is id descending. */
final class JdbcAuditLog implements AuditLog {
  static final int MAX_PAGE = 500;
  private static final int FIELD = 512;
  private static final int DETAIL = 4096;

  private final Database db;

  JdbcAuditLog(Database db) {
    this.db = db;
  }

  @Override
  public AuditEntry record(AuditEntry entry) {
    require(entry.at() != null, "at");
    require(entry.actor() != null && !entry.actor().isBlank(), "actor");
    require(entry.action() != null && !entry.action().isBlank(), "action");
    require(entry.result() != null && !entry.result().isBlank(), "result");
    AuditEntry clean = new AuditEntry(0, entry.at(), LogText.field(entry.actor(), FIELD),
        LogText.field(entry.actorKey(), FIELD), LogText.field(entry.action(), FIELD), LogText.field(entry.kind(), FIELD),
        LogText.field(entry.namespace(), FIELD), LogText.field(entry.name(), FIELD),
        LogText.field(entry.sourceAddress(), FIELD), LogText.field(entry.result(), FIELD),
        LogText.field(entry.detail(), DETAIL));
    long id = db.write("record audit entry " + clean.action(), c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_log (at_ms, actor, actor_key, action, kind, "
          + "namespace, name, source_address, result, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
        Times.set(s, 1, clean.at());
        s.setString(2, clean.actor());
        s.setString(3, clean.actorKey());
        s.setString(4, clean.action());
        s.setString(5, clean.kind());
        s.setString(6, clean.namespace());
        s.setString(7, clean.name());
        s.setString(8, clean.sourceAddress());
        s.setString(9, clean.result());
        s.setString(10, clean.detail());
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
    return new AuditEntry(id, clean.at(), clean.actor(), clean.actorKey(), clean.action(), clean.kind(),
        clean.namespace(), clean.name(), clean.sourceAddress(), clean.result(), clean.detail());
  }

  @Override
  public List<AuditEntry> query(AuditQuery query) {
    StringBuilder sql = new StringBuilder("SELECT id, at_ms, actor, actor_key, action, kind, namespace, name, "
        + "source_address, result, detail FROM audit_log WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    filter(sql, args, "actor", query.actor());
    filter(sql, args, "action", query.action());
    filter(sql, args, "namespace", query.namespace());
    filter(sql, args, "name", query.name());
    if (query.since() != null) {
      sql.append(" AND at_ms >= ?");
      args.add(query.since().toEpochMilli());
    }
    if (query.beforeId() > 0) {
      sql.append(" AND id < ?");
      args.add(query.beforeId());
    }
    sql.append(" ORDER BY id DESC LIMIT ?");
    args.add((long) LogHeads.page(query.limit(), MAX_PAGE));
    return db.read("read the audit log", c -> {
      try (PreparedStatement s = c.prepareStatement(sql.toString())) {
        for (int i = 0; i < args.size(); i++) {
          if (args.get(i) instanceof Long value) {
            s.setLong(i + 1, value);
          } else {
            s.setString(i + 1, (String) args.get(i));
          }
        }
        List<AuditEntry> entries = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            entries.add(entry(rs));
          }
        }
        return entries;
      }
    });
  }

  private static void filter(StringBuilder sql, List<Object> args, String column, String value) {
    if (value != null) {
      sql.append(" AND ").append(column).append(" = ?");
      args.add(value);
    }
  }

  private static AuditEntry entry(ResultSet rs) throws SQLException {
    return new AuditEntry(rs.getLong("id"), Times.get(rs, "at_ms"), rs.getString("actor"), rs.getString("actor_key"),
        rs.getString("action"), rs.getString("kind"), rs.getString("namespace"), rs.getString("name"),
        rs.getString("source_address"), rs.getString("result"), rs.getString("detail"));
  }

  private static void require(boolean ok, String field) {
    if (!ok) {
      throw new IllegalArgumentException("an audit entry needs " + field);
    }
  }
}
