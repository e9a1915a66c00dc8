package dev.kubicle.agent.lifecycle;

import dev.kubicle.agent.Manifest;
import dev.kubicle.agent.Workspace;
import dev.kubicle.agent.lifecycle.Lifecycle.State;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The graceful end: shutting_down, the shutdown script, off, then every session and the connection closed. */
public final class ShutdownSequence {
  private static final Logger log = LoggerFactory.getLogger(ShutdownSequence.class);

  private final Lifecycle lifecycle;
  private final Workspace workspace;
  private final StartupRunner startup;
  private final ScriptRunner scripts;
  private final LogBatcher logs;
  private final List<Runnable> closers;
  private final AtomicBoolean started = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);

  /** {@code closers} run last, in order; the connection's close belongs at the end so "off" is sent first. */
  public ShutdownSequence(Lifecycle lifecycle, Workspace workspace, StartupRunner startup, ScriptRunner scripts,
      LogBatcher logs, List<Runnable> closers) {
    this.lifecycle = lifecycle;
    this.workspace = workspace;
    this.startup = startup;
    this.scripts = scripts;
    this.logs = logs;
    this.closers = closers;
  }

  /** Runs the sequence once; a second caller (SIGTERM during a shutdown request) waits for the first. */
  public void run() {
    if (!started.compareAndSet(false, true)) {
      awaitFinished();
      return;
    }
    try {
      lifecycle.moveTo(State.SHUTTING_DOWN, null);
      startup.kill();
      Manifest manifest = workspace.manifest();
      String script = manifest.shutdownScriptOrEmpty();
      if (!script.isBlank()) {
        ScriptRunner.Outcome outcome = scripts.run(script, manifest.shutdownTimeout(), "shutdown_script");
        if (!outcome.succeeded()) {
          String what = outcome.timedOut() ? "ran longer than " + manifest.shutdownTimeout() + " ms and was killed"
              : outcome.failure() != null ? "could not start: " + outcome.failure()
              : "exited with code " + outcome.exitCode();
          logs.add("agent", "the shutdown script " + what);
        }
      }
      logs.flush();
      lifecycle.moveTo(State.OFF, null);
      for (Runnable closer : closers) {
        try {
          closer.run();
        } catch (RuntimeException e) {
          log.warn("closing during shutdown failed", e);
        }
      }
    } finally {
      finished.countDown();
    }
  }

  private void awaitFinished() {
    try {
      // Bounded by the script's own deadline plus slack for closing.
      finished.await(workspace.manifest().shutdownTimeout() + 15_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
