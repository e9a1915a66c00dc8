package dev.kubicle.operator.dev;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs the real kubectl binary against a kubeconfig, with a timeout so a hang fails the test instead of blocking. */
final class Kubectl {

  private static final long TIMEOUT_SECONDS = 30;

  private final Path binary;
  private final Path kubeconfig;
  private final Path workDir;

  private Kubectl(Path binary, Path kubeconfig, Path workDir) {
    this.binary = binary;
    this.kubeconfig = kubeconfig;
    this.workDir = workDir;
  }

  /** The kubectl found on PATH, if any. */
  static Optional<Path> onPath() {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "kubectl");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** A runner whose discovery cache and output files live in workDir, so nothing lands in ~/.kube. */
  static Kubectl of(Path binary, Path kubeconfig, Path workDir) {
    return new Kubectl(binary, kubeconfig, workDir);
  }

  /** What one kubectl run printed and how it ended. */
  record Result(int exitCode, String stdout, String stderr) {
    Result ok() {
      if (exitCode != 0) {
        throw new AssertionError("kubectl failed with " + exitCode + ": " + stderr + stdout);
      }
      return this;
    }
  }

  /**
   * A kubectl left running, such as {@code get -w}: output goes to files that can be read while it runs, and
   * {@link #close()} stops it. It also stops itself after {@code maxLife}, so a test that forgets it never hangs.
   */
  static final class Background implements AutoCloseable {
    private final Process process;
    private final Path out;
    private final Path err;

    private Background(Process process, Path out, Path err) {
      this.process = process;
      this.out = out;
      this.err = err;
    }

    /** What it printed on stdout so far. */
    String stdout() {
      return read(out);
    }

    /** What it printed on stderr so far. */
    String stderr() {
      return read(err);
    }

    boolean isAlive() {
      return process.isAlive();
    }

    /** The exit code; only once it has exited. */
    int exitCode() {
      return process.exitValue();
    }

    /** Stops it (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. */
    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }

    private static String read(Path file) {
      try {
        return Files.readString(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Starts kubectl without waiting for it; it is killed after maxLifeSeconds at the latest. */
  Background start(long maxLifeSeconds, String... args) {
    List<String> command = new ArrayList<>(List.of("timeout", "-k", "2", Long.toString(maxLifeSeconds)));
    command.addAll(command(args));
    try {
      Path out = Files.createTempFile(workDir, "kubectl", ".out");
      Path err = Files.createTempFile(workDir, "kubectl", ".err");
      Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      return new Background(process, out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<String> command(String... args) {
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString(),
        "--cache-dir", workDir.resolve("kube-cache").toString()));
    command.addAll(List.of(args));
    return command;
  }

  Result run(String... args) {
    List<String> command = command(args);
    try {
      // Output goes to files: a full pipe would block kubectl and look like a hang.
      Path out = Files.createTempFile(workDir, "kubectl", ".out");
      Path err = Files.createTempFile(workDir, "kubectl", ".err");
      Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("kubectl did not finish within " + TIMEOUT_SECONDS + " s: " + command
            + "\n" + Files.readString(err));
      }
      return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + command, e);
    }
  }
}
