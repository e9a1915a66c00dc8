package dev.kubicle.operator.bench;

import dev.kubicle.api.v1alpha1.BuildTransition;
import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateAgent;
import dev.kubicle.api.v1alpha1.TemplateLifecycle;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.operator.OperatorConfig;
import dev.kubicle.operator.agentapi.AgentTokenSecrets;
import dev.kubicle.operator.support.ManualClock;
import dev.kubicle.operator.support.OperatorHarness;
import dev.kubicle.operator.support.ScriptedAgent;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stop precision (deadline to stop build, 1,000 workspaces with staggered deadlines, real clock) and status writes
 * caused by continuous activity (scripted agents, a manual clock running two simulated hours).
 */
final class LifecycleBenchmark {
  private LifecycleBenchmark() {}

  static void stopPrecision(int count) throws Exception {
    Map<String, Instant> deadlines = new ConcurrentHashMap<>();
    Map<String, Instant> stops = new ConcurrentHashMap<>();
    try (OperatorHarness harness = OperatorHarness.start(OperatorConfig.forTests(), Clock.systemUTC(), null)) {
      Template template = OperatorHarness.echoTemplate("ttl", "{}");
      TemplateLifecycle lifecycle = new TemplateLifecycle();
      lifecycle.setDefaultTtl("30s");
      template.getSpec().setLifecycle(lifecycle);
      harness.createTemplate(template);
      Thread.sleep(500);
      SharedIndexInformer<Workspace> watch = harness.client().resources(Workspace.class)
          .inNamespace(OperatorHarness.NS).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Workspace ws) {
              onUpdate(null, ws);
            }

            @Override
            public void onUpdate(Workspace old, Workspace ws) {
              var status = ws.getStatus();
              if (status == null || status.getCurrentBuild() == null) {
                return;
              }
              if (status.getDeadline() != null) {
                deadlines.putIfAbsent(ws.getMetadata().getName(), Instant.parse(status.getDeadline()));
              }
              if (status.getCurrentBuild().getTransition() == BuildTransition.STOP) {
                stops.putIfAbsent(ws.getMetadata().getName(), Instant.parse(status.getCurrentBuild().getStartedAt()));
              }
            }

            @Override
            public void onDelete(Workspace ws, boolean unknown) {}
          });
      for (int i = 0; i < count; i++) {
        harness.createWorkspace(OperatorHarness.workspace("ws-" + i, "ttl", Map.of()));
        Thread.sleep(20); // staggered: deadlines spread over 20 s
      }
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (stops.size() < count && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      watch.close();
      List<Long> delays = new ArrayList<>();
      stops.forEach((name, stop) -> {
        Instant due = deadlines.get(name);
        if (due != null) {
          delays.add(Duration.between(due, stop).toMillis());
        }
      });
      delays.sort(Long::compare);
      System.out.printf("%nlifecycle benchmark: stop precision (%d workspaces, TTL 30 s, deadlines staggered over %d s)%n",
          count, count * 20 / 1000);
      System.out.printf("  stopped                         %d of %d%n", stops.size(), count);
      System.out.printf("  deadline to stop build start    p50 %.2f s, p99 %.2f s, max %.2f s (deadlines are kept "
          + "to the second)%n", pct(delays, 50) / 1000.0, pct(delays, 99) / 1000.0,
          delays.isEmpty() ? 0 : delays.get(delays.size() - 1) / 1000.0);
    }
  }

  static void activityWrites(int count) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ManualClock clock = new ManualClock(Instant.parse("2027-01-04T09:00:00Z"));
    OperatorConfig config = OperatorConfig.forTests().onLoopbackPort(port);
    try (OperatorHarness harness = OperatorHarness.start(config, clock, null)) {
      Template template = OperatorHarness.echoTemplate("busy", "{}");
      TemplateAgent agent = new TemplateAgent();
      agent.setEnabled(true);
      template.getSpec().setAgent(agent);
      TemplateLifecycle lifecycle = new TemplateLifecycle();
      lifecycle.setDefaultTtl("1h");
      lifecycle.setActivityBump("1h");
      template.getSpec().setLifecycle(lifecycle);
      harness.createTemplate(template);
      Thread.sleep(500);
      List<ScriptedAgent> agents = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        harness.createWorkspace(OperatorHarness.workspace("ws-" + i, "busy", Map.of()));
      }
      for (int i = 0; i < count; i++) {
        Workspace ws = harness.awaitPhase("ws-" + i, WorkspacePhase.Running);
        String token = new AgentTokenSecrets(harness.client()).current(ws)
            .orElseThrow();
        ScriptedAgent a = ScriptedAgent.connect(port, token);
        a.hello();
        a.lifecycle("ready");
        agents.add(a);
      }
      Thread.sleep(2000);
      long mark = harness.cluster().requests().mark();
      int simulatedMinutes = 120;
      for (int minute = 0; minute < simulatedMinutes; minute++) {
        for (ScriptedAgent a : agents) {
          a.send("{\"type\":\"stats\",\"sessions\":{\"ssh\":1,\"terminal\":0,\"port_forward\":0,\"task\":0}}");
        }
        Thread.sleep(60);
        clock.advance(Duration.ofMinutes(1));
        Thread.sleep(60);
      }
      Thread.sleep(1500);
      long writes = harness.cluster().requests().writesSince(mark).stream()
          .filter(w -> w.contains("/workspaces/")).count();
      long running = harness.client().resources(Workspace.class).inNamespace(OperatorHarness.NS).list().getItems()
          .stream().filter(w -> w.getStatus().getPhase() == WorkspacePhase.Running).count();
      System.out.printf("%nlifecycle benchmark: activity (%d workspaces with an open SSH session, TTL 1 h, bump 1 h,"
          + " %d simulated minutes)%n", count, simulatedMinutes);
      System.out.printf("  status writes per workspace-hour %.2f  (%d writes)%n",
          writes / (double) count / (simulatedMinutes / 60.0), writes);
      System.out.printf("  still running after 2 h          %d of %d (TTL alone would have stopped them at 1 h)%n",
          running, count);
      agents.forEach(ScriptedAgent::close);
    }
  }

  private static long pct(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }
}
