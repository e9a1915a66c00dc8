package dev.kubicle.operator.bench;

import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.operator.KubicleOperator;
import dev.kubicle.operator.OperatorConfig;
import dev.kubicle.operator.support.OperatorHarness;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Creates N echo workspaces at once against the mock API in another process and reports: time until all are
 * Running, reconciles per second, API writes per workspace, writes per no-op reconcile and heap after a full GC.
 */
final class WorkspaceScaleBenchmark {
  private WorkspaceScaleBenchmark() {}

  static void run(int count) throws Exception {
    try (ApiServerHandle api = ApiServerHandle.start();
         KubernetesClient client = new KubernetesClientBuilder().withConfig(config(api.url())).build()) {
      KubicleOperator operator = new KubicleOperator(client, OperatorConfig.forTests(), Clock.systemUTC(), null,
          dev.kubicle.operator.support.TempStore.open());
      operator.start();
      client.resource(OperatorHarness.echoTemplate("bench", "{\"start\": {\"outputs\": {\"url\": \"x\"}}}")).create();
      Thread.sleep(500); // let the template get its first version before the rush

      Set<String> running = ConcurrentHashMap.newKeySet();
      SharedIndexInformer<Workspace> watch = client.resources(Workspace.class).inNamespace(OperatorHarness.NS)
          .inform(new PhaseCounter(running));
      long writesBefore = api.writes();
      long reconcilesBefore = operator.workspaces().reconciles();
      long start = System.nanoTime();
      ExecutorService creators = Executors.newFixedThreadPool(16);
      for (int i = 0; i < count; i++) {
        int n = i;
        creators.submit(() -> client.resource(OperatorHarness.workspace("ws-" + n, "bench", Map.of())).create());
      }
      creators.shutdown();
      creators.awaitTermination(5, TimeUnit.MINUTES);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (running.size() < count && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Thread.sleep(2000); // let trailing events settle before counting
      long reconciles = operator.workspaces().reconciles() - reconcilesBefore;
      long operatorWrites = api.writes() - writesBefore - count;

      // No-op reconciles: a label on every workspace is an event the controller reacts to but has nothing to do for.
      long writesBeforeNoop = api.writes();
      long reconcilesBeforeNoop = operator.workspaces().reconciles();
      for (int i = 0; i < count; i++) {
        client.resources(Workspace.class).inNamespace(OperatorHarness.NS).withName("ws-" + i)
            .edit(ws -> {
              ws.getMetadata().setLabels(Map.of("bench", "noop"));
              return ws;
            });
      }
      long noopDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (operator.workspaces().reconciles() - reconcilesBeforeNoop < count && System.nanoTime() < noopDeadline) {
        Thread.sleep(20);
      }
      Thread.sleep(1000);
      long noopReconciles = operator.workspaces().reconciles() - reconcilesBeforeNoop;
      long noopWrites = api.writes() - writesBeforeNoop - count;

      watch.close();
      System.gc();
      System.gc();
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      System.out.printf("%nworkspace scale benchmark (echo provisioner, mock API in its own JVM, %d cores)%n",
          Runtime.getRuntime().availableProcessors());
      System.out.printf("  workspaces created at once      %d%n", count);
      System.out.printf("  all Running after               %.1f s  (%d of %d Running)%n", seconds, running.size(),
          count);
      System.out.printf("  reconciles per second           %.0f  (%d reconciles)%n", reconciles / seconds, reconciles);
      System.out.printf("  API writes per workspace        %.2f  (finalizer, build record, build result)%n",
          operatorWrites / (double) count);
      System.out.printf("  writes per no-op reconcile      %.3f  (%d writes in %d no-op reconciles)%n",
          noopReconciles == 0 ? 0 : noopWrites / (double) noopReconciles, noopWrites, noopReconciles);
      System.out.printf("  operator heap after full GC     %.0f MiB%n", heap / 1024.0 / 1024.0);
      operator.close();
    }
  }

  private static Config config(String url) {
    return new ConfigBuilder(Config.empty()).withMasterUrl(url).withNamespace(OperatorHarness.NS)
        .withRequestTimeout(60_000).withConnectionTimeout(10_000).build();
  }

  /** Tracks which workspaces are Running, from a watch (cheaper than listing 1,000 objects in a loop). */
  private record PhaseCounter(Set<String> running) implements ResourceEventHandler<Workspace> {
    @Override
    public void onAdd(Workspace ws) {
      onUpdate(null, ws);
    }

    @Override
    public void onUpdate(Workspace old, Workspace ws) {
      if (ws.getStatus() != null && ws.getStatus().getPhase() == WorkspacePhase.Running) {
        running.add(ws.getMetadata().getName());
      }
    }

    @Override
    public void onDelete(Workspace ws, boolean unknown) {}
  }
}
