package dev.kubicle.operator.bench;

import dev.kubicle.operator.dev.DevCluster;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The benchmarks' API server (the dev cluster's mock API, a test double for kube-apiserver) in a JVM of its own,
 * so the operator's heap is measured alone. Protocol on stdin/stdout: prints "READY <url>", answers "writes" with
 * "writes=N", exits on "exit" or end of input.
 */
public final class ApiServerProcess {
  private ApiServerProcess() {}

  public static void main(String[] args) throws Exception {
    try (DevCluster cluster = DevCluster.start(0, Path.of(args[0]))) {
      System.out.println("READY " + cluster.url());
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null && !line.equals("exit"); line = in.readLine()) {
        if (line.equals("writes")) {
          System.out.println("writes=" + cluster.requests().writes());
          System.out.flush();
        }
      }
    }
  }
}
