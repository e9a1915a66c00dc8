package dev.kubicle.agent.lifecycle;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import dev.kubicle.agent.Manifest;
import dev.kubicle.agent.Threads;
import dev.kubicle.agent.lifecycle.Lifecycle.State;
import java.util.concurrent.atomic.AtomicBoolean;

/** Runs the startup script once per agent process, however often the manifest arrives, and reports the outcome. */
public final class StartupRunner {
  private final Lifecycle lifecycle;
  private final ScriptRunner scripts;
  private final AtomicBoolean started = new AtomicBoolean();
  private final CompletableFuture<?> servicesUp;

  /**
   * @param servicesUp completes when the agent's own services (SSH) are listening: "ready" must mean a user can
   *     connect, so it waits for them (bounded: a service that cannot start is reported in the log instead)
   */
  public StartupRunner(Lifecycle lifecycle, ScriptRunner scripts, CompletableFuture<?> servicesUp) {
    this.lifecycle = lifecycle;
    this.scripts = scripts;
    this.servicesUp = servicesUp;
  }

  public StartupRunner(Lifecycle lifecycle, ScriptRunner scripts) {
    this(lifecycle, scripts, CompletableFuture.completedFuture(null));
  }

  /** Starts the script on the first manifest only; reconnects re-send the manifest and must not run it again. */
  public void onManifest(Manifest manifest) {
    if (!started.compareAndSet(false, true)) {
      return;
    }
    String script = manifest.startupScriptOrEmpty();
    Threads.start("kubicle-startup", () -> run(script, manifest.startupTimeout()));
  }

  private void run(String script, long timeoutMs) {
    if (script.isBlank()) {
      awaitServices();
      lifecycle.moveTo(State.READY, null);
      return;
    }
    if (!lifecycle.moveTo(State.STARTING, null)) {
      return;
    }
    ScriptRunner.Outcome outcome = scripts.run(script, timeoutMs, "startup_script");
    if (outcome.timedOut()) {
      lifecycle.moveTo(State.START_TIMEOUT, "the startup script ran longer than " + timeoutMs + " ms and was killed");
    } else if (outcome.failure() != null) {
      lifecycle.moveTo(State.START_ERROR, "the startup script could not start: " + outcome.failure());
    } else if (outcome.exitCode() != 0) {
      lifecycle.moveTo(State.START_ERROR, "the startup script exited with code " + outcome.exitCode());
    } else {
      awaitServices();
      lifecycle.moveTo(State.READY, null);
    }
  }

  private void awaitServices() {
    try {
      servicesUp.get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Ready without them: the log already says which service is missing and why.
    }
  }

  /** Stops a startup script still running when the workspace shuts down. */
  public void kill() {
    scripts.kill();
  }
}
