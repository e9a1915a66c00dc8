package dev.kubicle.operator.store;

import java.util.Optional;

/** Console sessions, so an operator restart does not log everybody out. */
public interface Sessions {

  void insert(SessionRecord session);

  Optional<SessionRecord> byIdHash(byte[] idHash);

  void delete(byte[] idHash);
}
