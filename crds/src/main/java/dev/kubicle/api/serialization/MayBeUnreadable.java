package dev.kubicle.api.serialization;

import java.util.Optional;

/**
 * A custom resource the operator may have found unreadable (a field of the wrong type, say). Such an object keeps
 * its metadata, and its spec and status where each can be read alone; {@link #unreadable()} says what went wrong.
 * Code that acts on the object checks it first and reports instead of acting.
 */
public interface MayBeUnreadable {
  /** Why the stored object could not be read, or empty when it was read whole. */
  Optional<Unreadable> unreadable();

  /** Set only by the deserializer that fell back to a partial read. */
  void markUnreadable(Unreadable why);
}
