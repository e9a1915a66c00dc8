package dev.kubicle.operator.bench;

import dev.kubicle.api.v1alpha1.AgentMetadata;
import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateAgent;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.operator.KubicleOperator;
import dev.kubicle.operator.OperatorConfig;
import dev.kubicle.operator.agentapi.AgentConnection;
import dev.kubicle.operator.agentapi.AgentCounters;
import dev.kubicle.operator.agentapi.AgentTokenSecrets;
import dev.kubicle.operator.kube.Json;
import dev.kubicle.operator.support.AgentProcess;
import dev.kubicle.operator.support.OperatorHarness;
import dev.kubicle.operator.support.TempStore;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Hostile agents against one operator (this JVM): heap after full GC while 10 connections, each with the real token
 * of its own workspace, flood metadata, log and stats frames for 60 s (another JVM), against the same operator
 * idle; and the latency of an exec {@code true} through the operator to another workspace's real agent meanwhile.
 * Targets (issue 12): heap at most 64 MiB over idle, p99 at most 50 ms.
 */
final class AgentFloodBenchmark {
  private static final long MIB = 1024 * 1024;

  private AgentFloodBenchmark() {}

  static void run(int hostile, long floodSeconds) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path dir = Files.createTempDirectory("kubicle-flood-");
    try (ApiServerHandle api = ApiServerHandle.start();
         KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
             .withMasterUrl(api.url()).withNamespace(OperatorHarness.NS).withRequestTimeout(60_000).build()).build()) {
      KubicleOperator operator = new KubicleOperator(client, OperatorConfig.forTests().onLoopbackPort(port),
          Clock.systemUTC(), null, TempStore.open());
      operator.start();
      TemplateAgent settings = new TemplateAgent();
      settings.setEnabled(true);
      AgentMetadata load = new AgentMetadata();
      load.setKey("load");
      load.setScript("cat /proc/loadavg");
      settings.setMetadata(List.of(load));
      Template template = OperatorHarness.echoTemplate("flood", "{}");
      template.getSpec().setAgent(settings);
      client.resource(template).create();
      Thread.sleep(500);
      List<String> names = new ArrayList<>(List.of("victim"));
      for (int i = 0; i < hostile; i++) {
        names.add("hostile-" + i);
      }
      names.forEach(n -> client.resource(OperatorHarness.workspace(n, "flood", Map.of())).create());
      List<String> tokens = new ArrayList<>();
      String victimToken = null;
      AgentTokenSecrets secrets = new AgentTokenSecrets(client);
      for (String name : names) {
        Workspace ws = awaitRunning(client, name);
        String token = secrets.current(ws).orElseThrow();
        if (name.equals("victim")) {
          victimToken = token;
        } else {
          tokens.add(token);
        }
      }
      Path tokenFile = dir.resolve("tokens");
      Files.write(tokenFile, tokens);
      ResourceID victimId = new ResourceID("victim", OperatorHarness.NS);
      try (AgentProcess victim = AgentProcess.start(port, victimToken, dir.resolve("victim"))) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (operator.agents().session(victimId).isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        AgentConnection connection = operator.agents().session(victimId).orElseThrow().connection();
        Latencies idleLatency = requests(connection, "idle", Duration.ofSeconds(10), Long.MAX_VALUE);
        long idleHeap = heapAfterGc();

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process flood = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
            AgentFloodProcess.class.getName(), Integer.toString(port), tokenFile.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(flood.getInputStream()));
        String started = out.readLine();
        Thread.sleep(2000); // the connections are open and flooding
        // Heap is sampled every 15 s (three full GCs each); requests pause meanwhile so a GC the benchmark asked
        // for is not counted as the operator's latency.
        Latencies floodLatency = new Latencies();
        long maxHeap = 0;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(floodSeconds);
        while (System.nanoTime() < end) {
          floodLatency.addAll(requests(connection, "flood", Duration.ofSeconds(15), end));
          maxHeap = Math.max(maxHeap, heapAfterGc());
        }
        flood.getOutputStream().close();
        String sent = out.readLine();
        flood.waitFor(10, TimeUnit.SECONDS);
        flood.destroyForcibly();

        var metrics = operator.metrics();
        System.out.printf("%nagent flood benchmark (%s hostile connections in another JVM, each its own workspace's"
            + " token, %d s; victim: the real agent)%n", started.replace("FLOODING ", ""), floodSeconds);
        System.out.printf("  flood sent (frames chars reconnects)   %s%n",
            sent == null ? "?" : sent.replace("SENT ", ""));
        System.out.printf("  operator heap after full GC, idle      %d MiB%n", idleHeap / MIB);
        System.out.printf("  operator heap after full GC, flood     %d MiB (max of %d s samples)  -> +%d MiB"
            + " (target <= +64 MiB)%n", maxHeap / MIB, 15, (maxHeap - idleHeap) / MIB);
        System.out.printf("  exec true on the victim, idle          p50 %.1f ms  p99 %.1f ms  (%d requests)%n",
            idleLatency.percentile(50), idleLatency.percentile(99), idleLatency.count());
        System.out.printf("  exec true on the victim, flood         p50 %.1f ms  p99 %.1f ms  (%d requests,"
            + " target p99 <= 50 ms)%n", floodLatency.percentile(50), floodLatency.percentile(99),
            floodLatency.count());
        System.out.printf("  dropped: metadata undeclared %d, log lines %d (rate) %d (per start) %d (source) %d"
                + " (frame), connections closed %d%n",
            metrics.value(AgentCounters.FRAMES_DROPPED, "type", "metadata", "reason", "undeclared_key"),
            metrics.value(AgentCounters.LOG_LINES_DROPPED, "reason", "rate"),
            metrics.value(AgentCounters.LOG_LINES_DROPPED, "reason", "start_limit"),
            metrics.value(AgentCounters.LOG_LINES_DROPPED, "reason", "unknown_source"),
            metrics.value(AgentCounters.LOG_LINES_DROPPED, "reason", "frame"),
            closed(metrics));
      }
      operator.close();
    }
  }

  private static long closed(dev.kubicle.operator.metrics.OperatorMetrics metrics) {
    long total = 0;
    for (AgentCounters.Closing c : AgentCounters.Closing.values()) {
      total += metrics.value(AgentCounters.CONNECTIONS_CLOSED, "reason", c.name().toLowerCase(java.util.Locale.ROOT));
    }
    return total;
  }

  /** Sequential exec {@code true} requests for {@code window} (or until {@code endNanos}). */
  private static Latencies requests(AgentConnection connection, String prefix, Duration window, long endNanos)
      throws Exception {
    Latencies latencies = new Latencies();
    long until = Math.min(endNanos, System.nanoTime() + window.toNanos());
    var params = Json.mapper().createObjectNode().put("command", "true");
    while (System.nanoTime() < until) {
      long start = System.nanoTime();
      connection.call(prefix + "-" + start, "exec", params, Duration.ofSeconds(30)).get(40, TimeUnit.SECONDS);
      latencies.add((System.nanoTime() - start) / 1e6);
    }
    return latencies;
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static Workspace awaitRunning(KubernetesClient client, String name) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline) {
      Workspace ws = client.resources(Workspace.class).inNamespace(OperatorHarness.NS).withName(name).get();
      if (ws != null && ws.getStatus() != null && ws.getStatus().getPhase() == WorkspacePhase.Running) {
        return ws;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(name + " did not reach Running within 2 minutes");
  }

  /** Request latencies in milliseconds. */
  private static final class Latencies {
    private final List<Double> values = new ArrayList<>();

    void add(double ms) {
      values.add(ms);
    }

    void addAll(Latencies other) {
      values.addAll(other.values);
    }

    int count() {
      return values.size();
    }

    double percentile(int p) {
      if (values.isEmpty()) {
        return Double.NaN;
      }
      List<Double> sorted = new ArrayList<>(values);
      Collections.sort(sorted);
      return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
  }
}
