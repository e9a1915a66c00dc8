package dev.kubicle.agent.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.agent.Json;
import dev.kubicle.agent.Manifest.MetadataItem;
import dev.kubicle.agent.Workspace;
import dev.kubicle.agent.connection.FrameSink;
import dev.kubicle.agent.process.CommandRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Runs each manifest metadata command at its interval and reports the value (or why there is none). */
public final class MetadataCollector {
  /** A metadata value is a dashboard cell, not a log. */
  private static final int MAX_VALUE_BYTES = 4096;

  private final FrameSink sink;
  private final Workspace workspace;
  private final CommandRunner runner;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService workers;
  private final List<ScheduledFuture<?>> schedules = new ArrayList<>();
  private List<MetadataItem> current = List.of();

  public MetadataCollector(FrameSink sink, Workspace workspace, CommandRunner runner,
      ScheduledExecutorService scheduler, ExecutorService workers) {
    this.sink = sink;
    this.workspace = workspace;
    this.runner = runner;
    this.scheduler = scheduler;
    this.workers = workers;
  }

  /** Replaces the schedules when the manifest's metadata list changed. */
  public synchronized void setItems(List<MetadataItem> items) {
    if (items.equals(current)) {
      return;
    }
    schedules.forEach(s -> s.cancel(false));
    schedules.clear();
    current = List.copyOf(items);
    for (MetadataItem item : current) {
      if (item.key() == null || item.script() == null || item.script().isBlank()) {
        continue;
      }
      AtomicBoolean running = new AtomicBoolean();
      schedules.add(scheduler.scheduleWithFixedDelay(() -> {
        // A slow command skips a tick instead of piling up copies of itself.
        if (running.compareAndSet(false, true)) {
          workers.execute(() -> {
            try {
              sink.send(collect(item));
            } finally {
              running.set(false);
            }
          });
        }
      }, 0, item.intervalOrDefault(), TimeUnit.MILLISECONDS));
    }
  }

  ObjectNode collect(MetadataItem item) {
    ObjectNode frame = Json.frame("metadata");
    frame.put("key", item.key());
    try {
      CommandRunner.Result result = runner.run(item.script(), workspace.directory(), workspace.childEnv(),
          item.timeoutOrDefault(), MAX_VALUE_BYTES);
      frame.put("value", result.stdout().strip());
      if (result.timedOut()) {
        frame.put("error", "timed out after " + item.timeoutOrDefault() + " ms");
      } else if (result.exitCode() != 0) {
        String stderr = result.stderr().strip();
        frame.put("error", stderr.isEmpty() ? "exit code " + result.exitCode() : stderr);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      frame.put("value", "");
      frame.put("error", "interrupted");
    } catch (Exception e) {
      frame.put("value", "");
      frame.put("error", e.getMessage() == null ? e.toString() : e.getMessage());
    }
    frame.put("collectedAt", Json.now());
    return frame;
  }
}
