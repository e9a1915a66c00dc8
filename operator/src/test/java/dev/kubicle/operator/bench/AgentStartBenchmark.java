package dev.kubicle.operator.bench;

import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateAgent;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.operator.KubicleOperator;
import dev.kubicle.operator.OperatorConfig;
import dev.kubicle.operator.agentapi.AgentTokenSecrets;
import dev.kubicle.operator.provision.local.LocalProvisioner;
import dev.kubicle.operator.support.OperatorHarness;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real agent jar, started as the local provisioner starts it: time from process start to connected, and its
 * resident memory once idle (read from /proc).
 */
final class AgentStartBenchmark {
  private AgentStartBenchmark() {}

  static void run(Path agentJar, int runs) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (OperatorHarness harness = OperatorHarness.start(OperatorConfig.forTests().onLoopbackPort(port), null)) {
      KubicleOperator operator = harness.operator();
      Template template = OperatorHarness.echoTemplate("agent-start", "{}");
      TemplateAgent agent = new TemplateAgent();
      agent.setEnabled(true);
      template.getSpec().setAgent(agent);
      harness.createTemplate(template);
      harness.createWorkspace(OperatorHarness.workspace("bench", "agent-start", Map.of()));
      Workspace ws = harness.awaitPhase("bench", WorkspacePhase.Running);
      String token = new AgentTokenSecrets(harness.client()).current(ws)
          .orElseThrow();
      ResourceID id = ResourceID.fromResource(ws);
      List<Double> startSeconds = new ArrayList<>();
      long rssKib = 0;
      for (int run = 0; run < runs; run++) {
        Path dir = Files.createTempDirectory("kubicle-agent-bench");
        ProcessBuilder pb = new ProcessBuilder(LocalProvisioner.defaultAgentCommand(agentJar))
            .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile());
        pb.environment().putAll(Map.of("KUBICLE_AGENT_URL", "http://127.0.0.1:" + port, "KUBICLE_AGENT_TOKEN", token,
            "KUBICLE_AGENT_SSH_PORT", "0", "KUBICLE_AGENT_DIR", dir.toString(),
            "KUBICLE_AGENT_SSH_HOST_KEY", dir.resolve("host_key").toString()));
        long start = System.nanoTime();
        Process process = pb.start();
        while (operator.agents().session(id).map(s -> s.connection() != null).orElse(false) == false
            || !operator.agents().state(id).map(s -> s.connected()).orElse(false)) {
          if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(30)) {
            throw new IllegalStateException("the agent did not connect within 30 s; see " + dir.resolve("agent.log"));
          }
          Thread.sleep(5);
        }
        startSeconds.add((System.nanoTime() - start) / 1e9);
        if (run == runs - 1) {
          Thread.sleep(15_000); // idle: startup done, one stats report sent
          rssKib = rss(process.pid());
        }
        process.destroy();
        process.waitFor(90, TimeUnit.SECONDS);
        while (operator.agents().state(id).map(s -> s.connected()).orElse(false)) {
          Thread.sleep(5);
        }
      }
      startSeconds.sort(Double::compare);
      System.out.printf("%nagent start benchmark (real agent jar, flags of the local provisioner and the image)%n");
      System.out.printf("  start to connected, median      %.2f s  (runs: %s)%n", startSeconds.get(runs / 2),
          startSeconds.stream().map(d -> String.format("%.2f", d)).toList());
      System.out.printf("  resident memory when idle       %.0f MiB%n", rssKib / 1024.0);
    }
  }

  private static long rss(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
