package dev.kubicle.operator.bench;

import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateAgent;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.operator.KubicleOperator;
import dev.kubicle.operator.OperatorConfig;
import dev.kubicle.operator.agentapi.AgentTokenSecrets;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * 1,000 simulated agents (another JVM) connected to one operator, reporting stats every 30 s: operator CPU, heap,
 * and Workspace status writes per agent per minute while they report.
 */
final class AgentFleetBenchmark {
  private AgentFleetBenchmark() {}

  static void run(int count, long windowSeconds) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (ApiServerHandle api = ApiServerHandle.start();
         KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
             .withMasterUrl(api.url()).withNamespace(OperatorHarness.NS).withRequestTimeout(60_000).build()).build()) {
      KubicleOperator operator = new KubicleOperator(client, OperatorConfig.forTests().onLoopbackPort(port),
          Clock.systemUTC(), null, dev.kubicle.operator.support.TempStore.open());
      operator.start();
      Template template = OperatorHarness.echoTemplate("fleet", "{}");
      TemplateAgent agent = new TemplateAgent();
      agent.setEnabled(true);
      template.getSpec().setAgent(agent);
      client.resource(template).create();
      Thread.sleep(500);
      ExecutorService creators = Executors.newFixedThreadPool(16);
      for (int i = 0; i < count; i++) {
        int n = i;
        creators.submit(() -> client.resource(OperatorHarness.workspace("ws-" + n, "fleet", Map.of())).create());
      }
      creators.shutdown();
      creators.awaitTermination(5, TimeUnit.MINUTES);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      List<Workspace> running;
      do {
        Thread.sleep(500);
        running = client.resources(Workspace.class).inNamespace(OperatorHarness.NS).list().getItems().stream()
            .filter(ws -> ws.getStatus() != null && ws.getStatus().getPhase() == WorkspacePhase.Running).toList();
      } while (running.size() < count && System.nanoTime() < deadline);
      AgentTokenSecrets secrets = new AgentTokenSecrets(client);
      List<String> tokens = new ArrayList<>();
      for (Workspace ws : running) {
        tokens.add(secrets.current(ws).orElseThrow());
      }
      Path tokenFile = Files.createTempFile("kubicle-fleet", ".tokens");
      Files.write(tokenFile, tokens);

      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process fleet = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
          AgentFleetProcess.class.getName(), Integer.toString(port), tokenFile.toString(), "30000")
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(fleet.getInputStream()));
      String line = out.readLine();
      long connectDeadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (operator.agents().connectedCount() < count && System.nanoTime() < connectDeadline) {
        Thread.sleep(100);
      }
      Thread.sleep(5000); // the connect and ready status writes settle before the window opens

      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpuBefore = os.getProcessCpuTime();
      long writesBefore = api.writes();
      long wallBefore = System.nanoTime();
      Thread.sleep(windowSeconds * 1000);
      double wallSeconds = (System.nanoTime() - wallBefore) / 1e9;
      double cores = (os.getProcessCpuTime() - cpuBefore) / 1e9 / wallSeconds;
      long writes = api.writes() - writesBefore;
      System.gc();
      System.gc();
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();

      System.out.printf("%nagent fleet benchmark (%s, %d simulated agents in another JVM, stats every 30 s)%n",
          line, count);
      System.out.printf("  agents connected                %d%n", operator.agents().connectedCount());
      System.out.printf("  measured over                   %.0f s%n", wallSeconds);
      System.out.printf("  operator CPU                    %.3f cores%n", cores);
      System.out.printf("  operator heap after full GC     %.0f MiB%n", heap / 1024.0 / 1024.0);
      System.out.printf("  status writes per agent-minute  %.4f  (%d writes)%n",
          writes / (double) count / (wallSeconds / 60), writes);
      fleet.getOutputStream().close();
      fleet.waitFor(10, TimeUnit.SECONDS);
      fleet.destroyForcibly();
      operator.close();
    }
  }
}
