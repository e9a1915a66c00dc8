package dev.kubicle.operator.store;

import java.time.Instant;
import java.util.List;

/** Logs the workspace agent sends (startup script, agent messages), per workspace uid. */
public interface AgentLogs {

  /** Appends lines from one source ("startup_script", "agent", …) in order; returns the seq of the last one. */
  long append(String workspaceUid, String source, Instant at, List<String> lines);

  /** Up to {@code limit} lines (at most 5,000) with seq greater than {@code afterSeq}, oldest first. */
  List<LogLine> read(String workspaceUid, long afterSeq, int limit);

  /** The seq of the workspace's last agent log line, 0 when it has none. */
  long lastSeq(String workspaceUid);

  /** Lines and bytes stored for the workspace, all sources (the log quota is seeded from it after a restart). */
  default LogUsage usage(String workspaceUid) {
    return LogUsage.NONE;
  }

  void deleteWorkspace(String workspaceUid);
}
