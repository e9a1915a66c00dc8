package dev.kubicle.agent.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.agent.Json;
import dev.kubicle.agent.connection.FrameSink;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Sends session counts every statsIntervalMs; the interval follows the manifest. */
public final class StatsReporter {
  private final FrameSink sink;
  private final SessionCounter sessions;
  private final ScheduledExecutorService scheduler;
  private ScheduledFuture<?> schedule;
  private long intervalMs;

  public StatsReporter(FrameSink sink, SessionCounter sessions, ScheduledExecutorService scheduler) {
    this.sink = sink;
    this.sessions = sessions;
    this.scheduler = scheduler;
  }

  /** (Re)starts the timer when the interval changed; an unchanged manifest keeps the running schedule. */
  public synchronized void setInterval(long newIntervalMs) {
    if (schedule != null && newIntervalMs == intervalMs) {
      return;
    }
    if (schedule != null) {
      schedule.cancel(false);
    }
    intervalMs = newIntervalMs;
    schedule = scheduler.scheduleAtFixedRate(() -> sink.send(frame()), intervalMs, intervalMs, TimeUnit.MILLISECONDS);
  }

  public ObjectNode frame() {
    ObjectNode frame = Json.frame("stats");
    frame.set("sessions", sessions.snapshot());
    frame.put("at", Json.now());
    return frame;
  }
}
