package dev.kubicle.operator.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the network tools (ip, wg, nft) with input, a time limit, and a failure that says what the tool said. */
public final class Commands {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private Commands() {}

  /** What a finished command printed. */
  public record Result(int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  /** Runs the command and returns its output; a non-zero exit is an IOException with its stderr. */
  public static String run(List<String> command, String stdin) throws IOException {
    Result result = attempt(command, stdin);
    if (!result.ok()) {
      throw new IOException("`" + String.join(" ", abbreviated(command)) + "` failed (exit " + result.exitCode + "): "
          + result.stderr.strip());
    }
    return result.stdout;
  }

  /** Runs the command and returns how it ended, without throwing for a non-zero exit. */
  public static Result attempt(List<String> command, String stdin) throws IOException {
    Process process = new ProcessBuilder(command).start();
    CompletableFuture<String> out = drain(process.getInputStream());
    CompletableFuture<String> err = drain(process.getErrorStream());
    try (OutputStream in = process.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // the tool exited without reading its input; its exit code and stderr say why
    }
    try {
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("`" + String.join(" ", abbreviated(command)) + "` did not finish within " + TIMEOUT);
      }
      return new Result(process.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command.get(0), e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException("could not read the output of " + command.get(0), e);
    }
  }

  /** Whether the program can be found on PATH (or is an executable path). */
  public static boolean available(String program) {
    if (program.contains("/")) {
      return java.nio.file.Files.isExecutable(java.nio.file.Path.of(program));
    }
    String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    for (String dir : path.split(":")) {
      if (java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(() -> {
      try (stream) {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    });
  }

  /** A batch `wg set` names a thousand keys; a message needs the first few. */
  private static List<String> abbreviated(List<String> command) {
    return command.size() <= 12 ? command : List.of(String.join(" ", command.subList(0, 10)), "... ("
        + (command.size() - 10) + " more arguments)");
  }
}
