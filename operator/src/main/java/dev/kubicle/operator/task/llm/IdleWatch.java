package dev.kubicle.operator.task.llm;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Fails streams that fall silent: one timer thread checks every open stream twice a second, instead of a timer
 * per stream (HttpRequest.timeout covers only the wait for the response headers).
 */
final class IdleWatch {
  private final Set<Stream> open = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "kubicle-model-idle");
    t.setDaemon(true);
    return t;
  });

  IdleWatch() {
    timer.scheduleWithFixedDelay(this::check, 500, 500, TimeUnit.MILLISECONDS);
  }

  Stream watch(Duration limit) {
    Stream s = new Stream(limit.toNanos());
    open.add(s);
    return s;
  }

  private void check() {
    long now = System.nanoTime();
    for (Stream s : open) {
      if (now - s.lastHeard > s.limitNanos && open.remove(s) && s.onIdle != null) {
        s.onIdle.run();
      }
    }
  }

  void close() {
    timer.shutdownNow();
  }

  /** One response being read. */
  final class Stream {
    private final long limitNanos;
    private volatile long lastHeard = System.nanoTime();
    private volatile Runnable onIdle;

    private Stream(long limitNanos) {
      this.limitNanos = limitNanos;
    }

    void touch() {
      lastHeard = System.nanoTime();
    }

    void onIdle(Runnable action) {
      onIdle = action;
    }

    void close() {
      open.remove(this);
    }
  }
}
