package dev.kubicle.operator.lifecycle;

import dev.kubicle.api.v1alpha1.Workspace;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Wakes the Workspace controller at each workspace's next due time (a deadline, an autostart, dormancy), measured
 * on the injected clock rather than by wall-clock delays, so a test clock can run days of schedule in moments.
 * One in-memory check twice a second replaces Coder's once-a-minute poll of every workspace.
 */
public class WakeupEventSource extends AbstractEventSource<Instant, Workspace> {
  static final long CHECK_MILLIS = 500;

  private final Clock clock;
  private final Map<ResourceID, Instant> due = new ConcurrentHashMap<>();
  private ScheduledExecutorService ticker;

  public WakeupEventSource(Clock clock) {
    super(Instant.class, "wakeups");
    this.clock = clock;
  }

  /** Wake this workspace at {@code at} (replacing any earlier plan); empty cancels. */
  public void schedule(ResourceID workspace, java.util.Optional<Instant> at) {
    if (at.isPresent()) {
      due.put(workspace, at.get());
    } else {
      due.remove(workspace);
    }
  }

  /** Wake this workspace now, e.g. on activity that may move its deadline. */
  public void wakeNow(ResourceID workspace) {
    if (isRunning()) {
      getEventHandler().handleEvent(new Event(workspace));
    }
  }

  @Override
  public synchronized void start() {
    super.start();
    ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kubicle-wakeups");
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleWithFixedDelay(this::fireDue, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
    super.stop();
  }

  void fireDue() {
    Instant now = clock.instant();
    due.forEach((workspace, at) -> {
      if (!at.isAfter(now) && due.remove(workspace, at)) {
        getEventHandler().handleEvent(new Event(workspace));
      }
    });
  }

  @Override
  public Set<Instant> getSecondaryResources(Workspace workspace) {
    Instant at = due.get(ResourceID.fromResource(workspace));
    return at == null ? Set.of() : Set.of(at);
  }
}
