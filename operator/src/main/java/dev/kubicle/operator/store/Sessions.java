package dev.kubicle.operator.store;

import java.util.Optional;

/** Console sessions, so an operator restart does not log everybody out. */
public interface Sessions {

  void insert(SessionRecord session);

  /** The session as stored, expired or not: the caller checks {@code expiresAt} (retention deletes expired ones). */
  Optional<SessionRecord> byIdHash(byte[] idHash);

  void delete(byte[] idHash);
}
