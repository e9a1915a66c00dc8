package dev.kubicle.operator.store;

import java.time.Instant;

/**
 * One state-changing action: who (the user's name and stable key), what (action such as "workspace.stop"), which
 * object (kind, namespace, name), when, from where (client address), and the result ("ok", "denied", "invalid",
 * "error") with a short detail. {@code id} is assigned by the store (0 before it is recorded).
 */
public record AuditEntry(
    long id,
    Instant at,
    String actor,
    String actorKey,
    String action,
    String kind,
    String namespace,
    String name,
    String sourceAddress,
    String result,
    String detail) {}
