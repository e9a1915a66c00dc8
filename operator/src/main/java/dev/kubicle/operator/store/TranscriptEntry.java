package dev.kubicle.operator.store;

import java.time.Instant;

/**
 * One message of a task's transcript as stored.
 *
 * @param seq the message's position, 1 for the prompt (message index + 1, so "after 0" is the start)
 * @param role user, assistant or tool_results
 * @param body the message as JSON (its long texts possibly cut, with a marker); null when {@code omitted}
 * @param bytes the size of the message before any cut (UTF-8 bytes of its JSON)
 * @param cut whether texts in it were cut to fit the per-message cap (a marker in the text says where)
 * @param resumable whether a task can resume from it: false when what a tool call needs to run again was cut
 * @param omitted whether the task's transcript had reached its cap, so this message was not kept at all
 */
public record TranscriptEntry(int seq, Instant at, String role, String body, long bytes, boolean cut,
    boolean resumable, boolean omitted) {

  /** A message kept whole. */
  public static TranscriptEntry whole(int seq, Instant at, String role, String body, long bytes) {
    return new TranscriptEntry(seq, at, role, body, bytes, false, true, false);
  }
}
