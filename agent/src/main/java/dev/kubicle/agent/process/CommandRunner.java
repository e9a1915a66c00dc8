package dev.kubicle.agent.process;

import dev.kubicle.agent.Threads;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs one {@code /bin/sh -c} command non-interactively with a deadline and capped output (exec and metadata). */
public final class CommandRunner {
  /** How long output may still arrive after the command exited, e.g. from a background child holding the pipe. */
  private static final long AFTER_EXIT_GRACE_MS = 1_000;

  private final ExecutorService pumps = Executors.newCachedThreadPool(Threads.daemon("kubicle-output"));

  /** What a finished (or killed) command left behind. */
  public record Result(Integer exitCode, String stdout, String stderr, boolean truncated, boolean timedOut,
      long durationMs) {}

  public Result run(String command, Path dir, Map<String, String> env, long timeoutMs, int maxOutputBytes)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(ProcessGroups.inNewGroup(List.of("/bin/sh", "-c", command)))
        .directory(dir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().clear();
    builder.environment().putAll(env);
    long started = System.nanoTime();
    Process process = builder.start();
    CappedOutput stdout = new CappedOutput(maxOutputBytes);
    CappedOutput stderr = new CappedOutput(maxOutputBytes);
    Future<?> outPump = pumps.submit(() -> stdout.drain(process.getInputStream()));
    Future<?> errPump = pumps.submit(() -> stderr.drain(process.getErrorStream()));
    boolean timedOut = false;
    try {
      if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
        timedOut = true;
        ProcessGroups.killTree(process);
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      ProcessGroups.killTree(process);
      throw e;
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(AFTER_EXIT_GRACE_MS);
    awaitQuietly(outPump, deadline);
    awaitQuietly(errPump, deadline);
    long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    Integer exitCode = timedOut ? null : process.exitValue();
    return new Result(exitCode, stdout.text(), stderr.text(), stdout.truncated() || stderr.truncated(), timedOut,
        durationMs);
  }

  private static void awaitQuietly(Future<?> pump, long deadlineNanos) {
    try {
      pump.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (Exception e) {
      // Output still held open by a background child: answer with what arrived; the pump drains on its own.
    }
  }
}
