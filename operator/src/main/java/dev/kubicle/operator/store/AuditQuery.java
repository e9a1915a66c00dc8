package dev.kubicle.operator.store;

import java.time.Instant;

/**
 * A page of the audit log, newest first. Null fields do not filter. {@code beforeId} pages backwards: pass the
 * smallest id of the previous page (0 for the first page). Filters match exactly; {@code since} is inclusive;
 * {@code limit} is clamped to 1..500.
 */
public record AuditQuery(String actor, String action, String namespace, String name, Instant since, long beforeId,
    int limit) {

  public static AuditQuery latest(int limit) {
    return new AuditQuery(null, null, null, null, null, 0, limit);
  }
}
