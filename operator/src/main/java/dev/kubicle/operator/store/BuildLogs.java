package dev.kubicle.operator.store;

import java.time.Instant;
import java.util.List;

/** Full build logs, per workspace (by uid, so a re-created workspace of the same name starts empty) and build number. */
public interface BuildLogs {

  /** Appends lines in order; returns the seq of the last one. Lines longer than 16 KiB are cut, with a marker. */
  long append(String workspaceUid, long build, Instant at, List<String> lines);

  /** Up to {@code limit} lines (at most 5,000) with seq greater than {@code afterSeq}, oldest first. */
  List<LogLine> read(String workspaceUid, long build, long afterSeq, int limit);

  /** The seq of the build's last line, 0 when it has none (a log follower resumes after it). */
  long lastSeq(String workspaceUid, long build);

  /** Lines and bytes stored for the build (the log quota is seeded from it after a restart). */
  default LogUsage usage(String workspaceUid, long build) {
    return LogUsage.NONE;
  }

  /** Deletes every build log of a workspace (it was deleted). */
  void deleteWorkspace(String workspaceUid);
}
