package dev.kubicle.operator.store;

import java.util.List;

/** The append-only audit log (admins read it). */
public interface AuditLog {

  /** Records the entry and returns it with its id. */
  AuditEntry record(AuditEntry entry);

  List<AuditEntry> query(AuditQuery query);
}
