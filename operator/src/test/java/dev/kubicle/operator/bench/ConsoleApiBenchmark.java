package dev.kubicle.operator.bench;

import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.operator.KubicleOperator;
import dev.kubicle.operator.OperatorConfig;
import dev.kubicle.operator.console.ConsoleConfig;
import dev.kubicle.operator.console.auth.ApiTokenService;
import dev.kubicle.operator.store.jdbc.JdbcStore;
import dev.kubicle.operator.store.jdbc.StoreSettings;
import dev.kubicle.operator.support.OperatorHarness;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * REST API latency at 300 requests/s with 1,000 workspaces in the cache (50 members, 20 workspaces each), the load
 * from another JVM, the mock API in a third: p50/p95/p99, errors, and the operator's CPU while it serves. The mix is
 * what a console and scripts do: one workspace (60 %), the caller's list (20 %), a template with its parameters
 * (10 %), a workspace's builds (10 %); every request authenticated by an API token checked against the SQLite store.
 */
final class ConsoleApiBenchmark {
  private static final int USERS = 50;

  private ConsoleApiBenchmark() {}

  static void run(int count, int rate, int seconds) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path dir = Files.createTempDirectory("kubicle-console-bench");
    try (ApiServerHandle api = ApiServerHandle.start();
         KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
             .withMasterUrl(api.url()).withNamespace(OperatorHarness.NS).withRequestTimeout(60_000).build()).build()) {
      JdbcStore store = JdbcStore.open(StoreSettings.sqlite(dir.resolve("kubicle.db"), 30));
      KubicleOperator operator = new KubicleOperator(client, OperatorConfig.forTests().onLoopbackPort(port),
          Clock.systemUTC(), null, store); // the operator closes the store
      operator.withConsole(ConsoleConfig.forLoopback(port).withRateLimits(1_000_000, 1_000), null, List.of());
      operator.start();
      client.resource(OperatorHarness.echoTemplate("bench", "{}")).create();
      Thread.sleep(500);
      ExecutorService creators = Executors.newFixedThreadPool(16);
      for (int i = 0; i < count; i++) {
        int n = i;
        creators.submit(() -> {
          Workspace ws = OperatorHarness.workspace("ws-" + n, "bench", Map.of());
          ws.getSpec().setOwner("user-" + (n % USERS));
          return client.resource(ws).create();
        });
      }
      creators.shutdown();
      creators.awaitTermination(5, TimeUnit.MINUTES);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      long running;
      do {
        Thread.sleep(500);
        running = client.resources(Workspace.class).inNamespace(OperatorHarness.NS).list().getItems().stream()
            .filter(ws -> ws.getStatus() != null && ws.getStatus().getPhase() == WorkspacePhase.Running).count();
      } while (running < count && System.nanoTime() < deadline);
      Thread.sleep(2000); // the last status events reach the cache

      ApiTokenService tokens = new ApiTokenService(store.apiTokens(), Clock.systemUTC(), Duration.ofDays(1));
      List<String> requests = new ArrayList<>();
      String ns = "/api/v1/namespaces/" + OperatorHarness.NS;
      for (int u = 0; u < USERS; u++) {
        var user = store.users().login("https://bench.idp", "s" + u, "user-" + u, null, Clock.systemUTC().instant());
        String auth = "Bearer " + tokens.create(user.key(), user.name(), "bench", null).token();
        for (int k = 0; k < count / USERS; k++) {
          String ws = ns + "/workspaces/ws-" + (u + k * USERS);
          for (int w = 0; w < 6; w++) {
            requests.add(auth + "\t" + ws);
          }
          requests.add(auth + "\t" + ws + "/builds");
          requests.add(auth + "\t" + ns + "/templates/bench");
          requests.add(auth + "\t/api/v1/workspaces");
          requests.add(auth + "\t/api/v1/workspaces");
        }
      }
      Path requestFile = dir.resolve("requests.tsv");
      Files.write(requestFile, requests);

      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      double loadBefore = os.getSystemLoadAverage();
      // One load process warms up (JIT, connections: 5 s of the same schedule, outside the measured window) and then
      // measures; a fresh JVM for the measured window would spend its first seconds compiling and connecting, and
      // count that as the server's latency.
      String[] figures = new String[0];
      long cpuBefore = 0;
      long wallBefore = 0;
      try (LoadProcess load = LoadProcess.start(java, port, requestFile, rate, seconds, 5)) {
        load.awaitLine("measuring", 90);
        cpuBefore = os.getProcessCpuTime();
        wallBefore = System.nanoTime();
        figures = load.awaitLine(null, seconds + 90L).split(" ");
      }
      double wall = (System.nanoTime() - wallBefore) / 1e9;
      double cores = (os.getProcessCpuTime() - cpuBefore) / 1e9 / wall;

      System.out.printf("%nconsole API benchmark (%d workspaces in the cache, %d members, %d requests/s for %d s, "
          + "load from another JVM)%n", running, USERS, rate, seconds);
      System.out.printf("  latency p50 / p95 / p99 / max   %s / %s / %s / %s ms%n", figures[0], figures[1], figures[2],
          figures[3]);
      System.out.printf("  worst second's p95              %s ms (second %s)%n", figures[6], figures[7]);
      System.out.printf("  errors                          %s of %s%n", figures[4], figures[5]);
      System.out.printf("  operator CPU while serving      %.2f cores (the operator's whole process)%n", cores);
      System.out.printf("  machine load average            %.2f before, %.2f after (%d cores)%n", loadBefore,
          os.getSystemLoadAverage(), os.getAvailableProcessors());
      operator.close();
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The load generator's JVM: its stdout read line by line, killed if it is still running when closed. */
  private record LoadProcess(Process process, BufferedReader out) implements AutoCloseable {
    static LoadProcess start(String java, int port, Path requests, int rate, int seconds, int warmup)
        throws java.io.IOException {
      Process load = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
          ConsoleLoadProcess.class.getName(), "http://127.0.0.1:" + port, requests.toString(),
          Integer.toString(rate), Integer.toString(seconds), Integer.toString(warmup))
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      return new LoadProcess(load, new BufferedReader(new InputStreamReader(load.getInputStream())));
    }

    /** The next line (which must equal {@code expected} when given), waiting at most {@code seconds}. */
    String awaitLine(String expected, long seconds) throws Exception {
      var line = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          return out.readLine();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).get(seconds, TimeUnit.SECONDS);
      if (line == null || (expected != null && !expected.equals(line.strip()))) {
        throw new IllegalStateException("the load process printed " + (line == null ? "nothing" : "\"" + line
            + "\"") + (expected == null ? "" : " instead of \"" + expected + "\""));
      }
      return line.strip();
    }

    @Override
    public void close() throws Exception {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      out.close();
    }
  }
}
