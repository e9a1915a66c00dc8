package dev.kubicle.agent.lifecycle;

import dev.kubicle.agent.Manifest;
import dev.kubicle.agent.Threads;
import dev.kubicle.agent.lifecycle.Lifecycle.State;
import java.util.concurrent.atomic.AtomicBoolean;

/** Runs the startup script once per agent process, however often the manifest arrives, and reports the outcome. */
public final class StartupRunner {
  private final Lifecycle lifecycle;
  private final ScriptRunner scripts;
  private final AtomicBoolean started = new AtomicBoolean();

  public StartupRunner(Lifecycle lifecycle, ScriptRunner scripts) {
    this.lifecycle = lifecycle;
    this.scripts = scripts;
  }

  /** Starts the script on the first manifest only; reconnects re-send the manifest and must not run it again. */
  public void onManifest(Manifest manifest) {
    if (!started.compareAndSet(false, true)) {
      return;
    }
    String script = manifest.startupScriptOrEmpty();
    if (script.isBlank()) {
      lifecycle.moveTo(State.READY, null);
      return;
    }
    Threads.start("kubicle-startup", () -> run(script, manifest.startupTimeout()));
  }

  private void run(String script, long timeoutMs) {
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
      lifecycle.moveTo(State.READY, null);
    }
  }

  /** Stops a startup script still running when the workspace shuts down. */
  public void kill() {
    scripts.kill();
  }
}
