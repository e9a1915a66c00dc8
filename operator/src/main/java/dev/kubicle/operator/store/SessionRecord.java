package dev.kubicle.operator.store;

import java.time.Instant;

/** A console login session, keyed by the SHA-256 hash of its cookie value; {@code csrfToken} guards its forms. */
public record SessionRecord(byte[] idHash, String userKey, String userName, boolean admin, String csrfToken,
    Instant createdAt, Instant expiresAt) {}
