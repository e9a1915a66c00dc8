package dev.kubicle.operator.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** API tokens for scripts; the caller generates the secret and hashes it, the store keeps the hash. */
public interface ApiTokens {

  void insert(ApiTokenRecord token);

  Optional<ApiTokenRecord> byId(String id);

  /** The user's tokens, newest first, revoked ones included. */
  List<ApiTokenRecord> forUser(String userKey);

  /** Marks the user's token revoked; false when the user has no such token. */
  boolean revoke(String userKey, String id, Instant at);

  /** Records a use (written at most once a minute per token, so busy scripts do not write on every call). */
  void touch(String id, Instant at);
}
