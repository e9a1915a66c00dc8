package dev.kubicle.operator.store;

import java.time.Instant;
import java.util.Optional;

/** Who has logged in, and which owner name each identity holds. */
public interface Users {

  /**
   * Records a login: creates the user on first sight, refreshes email and lastSeen after. The name stays bound to
   * the first identity that took it; a known identity keeps the name it first got (the returned record has it),
   * whatever {@code name} says now, because Workspaces name their owner by it.
   *
   * @throws NameTakenException when {@code name} belongs to another issuer + subject
   */
  UserRecord login(String issuer, String subject, String name, String email, Instant at);

  Optional<UserRecord> byKey(String key);

  Optional<UserRecord> byName(String name);
}
