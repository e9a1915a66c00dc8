package dev.kubicle.agent.lifecycle;

import dev.kubicle.agent.Threads;
import dev.kubicle.agent.Workspace;
import dev.kubicle.agent.process.ProcessGroups;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Runs a startup or shutdown script with a deadline, streaming its output line by line as log frames. */
public final class ScriptRunner {
  /** A longer line is split: a frame must stay small even when a script prints a progress bar without newlines. */
  static final int MAX_LINE_CHARS = 8192;

  private final Workspace workspace;
  private final LogBatcher logs;
  private final AtomicReference<Process> running = new AtomicReference<>();

  /** How a script ended. */
  public record Outcome(int exitCode, boolean timedOut, String failure) {
    public boolean succeeded() {
      return !timedOut && failure == null && exitCode == 0;
    }
  }

  public ScriptRunner(Workspace workspace, LogBatcher logs) {
    this.workspace = workspace;
    this.logs = logs;
  }

  /** Runs the script to its end or its deadline; the log is flushed before this returns. */
  public Outcome run(String script, long timeoutMs, String source) {
    try {
      ProcessBuilder builder = new ProcessBuilder(ProcessGroups.inNewGroup(List.of("/bin/sh", "-c", script)))
          .redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      builder.environment().clear();
      builder.environment().putAll(workspace.childEnv());
      File dir = workspace.directory().toFile();
      if (Files.isDirectory(dir.toPath())) {
        builder.directory(dir);
      }
      Process process = builder.start();
      running.set(process);
      Thread pump = Threads.start("kubicle-" + source, () -> pumpLines(process.getInputStream(), source));
      boolean finished = process.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
      if (!finished) {
        ProcessGroups.killTree(process);
        process.waitFor(5, TimeUnit.SECONDS);
      }
      // A background child may hold the pipe open; do not wait for it forever.
      pump.join(1_000);
      running.set(null);
      logs.flush();
      return finished ? new Outcome(process.exitValue(), false, null) : new Outcome(-1, true, null);
    } catch (IOException e) {
      logs.add(source, "cannot start the script: " + e.getMessage());
      logs.flush();
      return new Outcome(-1, false, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
      logs.flush();
      return new Outcome(-1, false, "interrupted");
    }
  }

  /** Kills the running script's whole process group, if one runs. */
  public void kill() {
    Process process = running.get();
    if (process != null) {
      ProcessGroups.killTree(process);
    }
  }

  private void pumpLines(InputStream in, String source) {
    StringBuilder line = new StringBuilder();
    char[] buffer = new char[4096];
    try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      int n;
      while ((n = reader.read(buffer)) >= 0) {
        for (int i = 0; i < n; i++) {
          char c = buffer[i];
          if (c == '\n') {
            emit(source, line);
          } else if (c != '\r') {
            line.append(c);
            if (line.length() >= MAX_LINE_CHARS) {
              emit(source, line);
            }
          }
        }
      }
    } catch (IOException e) {
      // The process is gone; send what was read.
    }
    if (line.length() > 0) {
      emit(source, line);
    }
  }

  private void emit(String source, StringBuilder line) {
    logs.add(source, line.toString());
    line.setLength(0);
  }
}
