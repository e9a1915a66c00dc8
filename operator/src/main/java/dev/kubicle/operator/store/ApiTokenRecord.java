package dev.kubicle.operator.store;

import java.time.Instant;

/**
 * An API token as stored: its public id and a SHA-256 hash of its secret part, never the secret. {@code lastUsedAt}
 * and {@code revokedAt} are null until they happen.
 */
public record ApiTokenRecord(String id, String userKey, String userName, String name, byte[] secretHash,
    Instant createdAt, Instant expiresAt, Instant lastUsedAt, Instant revokedAt) {}
