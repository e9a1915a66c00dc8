package dev.kubicle.operator.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts and talks to an {@link ApiServerProcess}. */
final class ApiServerHandle implements AutoCloseable {
  private final Process process;
  private final BufferedReader out;
  private final PrintWriter in;
  private final String url;

  private ApiServerHandle(Process process) throws IOException {
    this.process = process;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    String line;
    do {
      line = out.readLine();
      if (line == null) {
        throw new IllegalStateException("the API server process ended before it was ready");
      }
    } while (!line.startsWith("READY "));
    this.url = line.substring("READY ".length());
  }

  static ApiServerHandle start() throws IOException {
    Path dir = Files.createTempDirectory("kubicle-bench-");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(List.of(java, "-Xmx2g", "-cp", System.getProperty("java.class.path"),
        ApiServerProcess.class.getName(), dir.resolve("kubeconfig").toString()))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    return new ApiServerHandle(process);
  }

  String url() {
    return url;
  }

  long writes() throws IOException {
    in.println("writes");
    String line = out.readLine();
    return Long.parseLong(line.substring("writes=".length()));
  }

  @Override
  public void close() throws InterruptedException {
    in.println("exit");
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
