package dev.kubicle.agent.lifecycle;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.agent.Json;
import dev.kubicle.agent.connection.FrameSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Collects log lines per source and sends them at most every 250 ms, so a noisy script costs few frames. */
public final class LogBatcher {
  static final long FLUSH_INTERVAL_MS = 250;
  /** Bounds one frame; a flood is split over several frames rather than one huge one. */
  private static final int MAX_LINES_PER_FRAME = 1000;

  private final FrameSink sink;
  private final Map<String, List<String>> pending = new LinkedHashMap<>();

  public LogBatcher(FrameSink sink, ScheduledExecutorService scheduler) {
    this.sink = sink;
    scheduler.scheduleWithFixedDelay(this::flush, FLUSH_INTERVAL_MS, FLUSH_INTERVAL_MS, TimeUnit.MILLISECONDS);
  }

  public synchronized void add(String source, String line) {
    List<String> lines = pending.computeIfAbsent(source, s -> new ArrayList<>());
    lines.add(line);
    if (lines.size() >= MAX_LINES_PER_FRAME) {
      send(source, lines);
      pending.remove(source);
    }
  }

  /** Sends everything collected so far; called before a lifecycle change so the log arrives first. */
  public synchronized void flush() {
    pending.forEach(this::send);
    pending.clear();
  }

  private void send(String source, List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    ObjectNode frame = Json.frame("log");
    frame.put("source", source);
    ArrayNode array = frame.putArray("lines");
    lines.forEach(array::add);
    frame.put("at", Json.now());
    sink.send(frame);
  }
}
