package dev.kubicle.operator.lifecycle;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Activity reported by agents (open SSH, terminal, port-forward or task sessions), kept in memory. It wakes the
 * controller only once a deadline move would be worth a status write, so activity costs about two writes an hour,
 * not one per stats report.
 */
public class ActivityTracker {
  private final Clock clock;
  private final WakeupEventSource wakeups;
  private final Map<ResourceID, Instant> lastActivity = new ConcurrentHashMap<>();
  private final Map<ResourceID, Instant> worthWakingAfter = new ConcurrentHashMap<>();

  public ActivityTracker(Clock clock, WakeupEventSource wakeups) {
    this.clock = clock;
    this.wakeups = wakeups;
  }

  /** An agent reported open sessions now. */
  public void active(ResourceID workspace) {
    Instant now = clock.instant();
    lastActivity.put(workspace, now);
    Instant after = worthWakingAfter.get(workspace);
    if (after != null && !now.isBefore(after)) {
      worthWakingAfter.remove(workspace, after);
      wakeups.wakeNow(workspace);
    }
  }

  public Optional<Instant> lastActivity(ResourceID workspace) {
    return Optional.ofNullable(lastActivity.get(workspace));
  }

  /** From {@code at} on, activity may move the deadline: wake the controller then (empty: activity cannot). */
  public void worthWakingAfter(ResourceID workspace, Optional<Instant> at) {
    if (at.isPresent()) {
      worthWakingAfter.put(workspace, at.get());
    } else {
      worthWakingAfter.remove(workspace);
    }
  }

  public void forget(ResourceID workspace) {
    lastActivity.remove(workspace);
    worthWakingAfter.remove(workspace);
  }
}
