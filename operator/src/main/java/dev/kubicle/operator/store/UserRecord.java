package dev.kubicle.operator.store;

import java.time.Instant;

/**
 * A person who has logged in. Identified by {@code key} = issuer + "|" + subject (never by email); {@code name} is
 * the owner name used in Workspace spec.owner, bound to that identity on first login.
 */
public record UserRecord(String key, String issuer, String subject, String name, String email, Instant firstSeen,
    Instant lastSeen) {}
