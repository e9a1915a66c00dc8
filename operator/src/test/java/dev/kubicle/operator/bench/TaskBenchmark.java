package dev.kubicle.operator.bench;

import static dev.kubicle.operator.support.ModelStreams.call;
import static dev.kubicle.operator.support.ScriptedModelServer.sse;

import dev.kubicle.api.v1alpha1.AgentTask;
import dev.kubicle.api.v1alpha1.TaskLimits;
import dev.kubicle.api.v1alpha1.TaskPhase;
import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateAgent;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.operator.OperatorConfig;
import dev.kubicle.operator.agentapi.AgentTokenSecrets;
import dev.kubicle.operator.kube.Json;
import dev.kubicle.operator.network.NetworkSettings;
import dev.kubicle.operator.support.ModelStreams;
import dev.kubicle.operator.support.ModelStreams.Usage;
import dev.kubicle.operator.support.OperatorHarness;
import dev.kubicle.operator.support.ScriptedAgent;
import dev.kubicle.operator.support.ScriptedModelServer;
import dev.kubicle.operator.task.InMemoryTaskRecorder;
import dev.kubicle.operator.task.model.ModelCatalogSource;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The AgentTask loop's own cost. (1) Overhead per turn without model latency: one task of many turns against a
 * model that answers at once, each turn a model call over loopback HTTP, a tool call over the agent WebSocket and
 * a status write. (2) 50 tasks at once on one operator with a 100 ms model: wall time against one task alone
 * (interference), CPU of the loop's threads, heap, threads. Agents are scripted (test doubles) in this JVM.
 */
final class TaskBenchmark {
  private static final long MODEL_LATENCY_MS = 100;

  private TaskBenchmark() {}

  static void run(int overheadTurns, int concurrent, int turnsEach) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<ScriptedAgent> agents = new ArrayList<>();
    InMemoryTaskRecorder recorder = new InMemoryTaskRecorder();
    try (ScriptedModelServer model = ScriptedModelServer.start();
         OperatorHarness harness = OperatorHarness.start(OperatorConfig.forTests().onLoopbackPort(port), null,
             recorder)) {
      configureModels(harness, model);
      Template template = OperatorHarness.echoTemplate("tasks", "{}");
      TemplateAgent agent = new TemplateAgent();
      agent.setEnabled(true);
      template.getSpec().setAgent(agent);
      harness.createTemplate(template);
      for (int i = 0; i <= concurrent; i++) {
        harness.createWorkspace(OperatorHarness.workspace("ws-" + i, "tasks", Map.of()));
      }
      AgentTokenSecrets secrets = new AgentTokenSecrets(harness.client());
      for (int i = 0; i <= concurrent; i++) {
        Workspace ws = harness.awaitPhase("ws-" + i, WorkspacePhase.Running);
        ScriptedAgent a = ScriptedAgent.connect(port, secrets.current(ws)
            .orElseThrow()).answering(r -> Json.mapper().createObjectNode().put("content", "one line\n")
            .put("totalLines", 1));
        a.hello();
        a.lifecycle("ready");
        agents.add(a);
      }
      for (int i = 0; i <= concurrent; i++) {
        ResourceID id = new ResourceID("ws-" + i, OperatorHarness.NS);
        while (!harness.operator().agents().state(id).map(s -> s.connected() && "ready".equals(s.lifecycle()))
            .orElse(false)) {
          Thread.sleep(10);
        }
      }
      AtomicInteger calls = new AtomicInteger();
      model.otherwise(request -> {
        int n = calls.incrementAndGet();
        // A turn is over when the model hears back as many results as it asked; the last turn ends the task.
        int turn = request.path("messages").size() / 2 + 1;
        int limit = turnLimit(request);
        String stream = turn >= limit ? ModelStreams.anthropic("done", List.of(), new Usage(100, 10, 0, 0))
            : ModelStreams.anthropic(null, List.of(call("toolu_" + n, "read_file", "{\"path\":\"f" + turn + "\"}")),
                new Usage(100, 10, 0, 0));
        return sse(stream).delayed(request.path("system").get(0).path("text").asText().contains("ws-0") ? 0
            : MODEL_LATENCY_MS);
      });

      // (1) One long task against an instant model.
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long cpu0 = taskThreadCpu(threads);
      long t0 = System.nanoTime();
      create(harness, "overhead", "ws-0", overheadTurns);
      AgentTask overhead = await(harness, "overhead", Duration.ofMinutes(5));
      double overheadSeconds = (System.nanoTime() - t0) / 1e9;
      long overheadCpu = taskThreadCpu(threads) - cpu0;
      Duration loop = Duration.between(Instant.parse(overhead.getStatus().getStartedAt()),
          Instant.parse(overhead.getStatus().getFinishedAt()));
      int turns = overhead.getStatus().getTurns();
      long modelMillis = recorder.modelCalls("overhead").stream().mapToLong(c -> c.latencyMillis()).sum();

      // (2) One task alone, then many at once, with a model that takes 100 ms per call.
      long t1 = System.nanoTime();
      create(harness, "solo", "ws-1", turnsEach);
      await(harness, "solo", Duration.ofMinutes(5));
      double soloSeconds = (System.nanoTime() - t1) / 1e9;
      model.forgetRequests();
      System.gc();
      System.gc();
      long heapBefore = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      long writes0 = harness.operator().tasks().statusWriter().writes();
      long cpu1 = taskThreadCpu(threads);
      long t2 = System.nanoTime();
      for (int i = 1; i <= concurrent; i++) {
        create(harness, "many-" + i, "ws-" + i, turnsEach);
      }
      List<Double> each = new ArrayList<>();
      long manyMillis = 0;
      long manyModelMillis = 0;
      for (int i = 1; i <= concurrent; i++) {
        AgentTask t = await(harness, "many-" + i, Duration.ofMinutes(10));
        long millis = Duration.between(Instant.parse(t.getStatus().getStartedAt()),
            Instant.parse(t.getStatus().getFinishedAt())).toMillis();
        each.add(millis / 1000.0);
        manyMillis += millis;
        manyModelMillis += recorder.modelCalls("many-" + i).stream().mapToLong(c -> c.latencyMillis()).sum();
      }
      long soloModelMillis = recorder.modelCalls("solo").stream().mapToLong(c -> c.latencyMillis()).sum();
      double manySeconds = (System.nanoTime() - t2) / 1e9;
      long manyCpu = taskThreadCpu(threads) - cpu1;
      long writes = harness.operator().tasks().statusWriter().writes() - writes0;
      model.forgetRequests(); // the test double's log of every request body is not the operator's memory
      int loopsLeft = harness.operator().tasks().runner().count();
      System.gc();
      System.gc();
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      each.sort(Double::compare);

      System.out.printf("%nagent task benchmark (scripted model on loopback, scripted agents over WebSocket, "
          + "mock API; all in one JVM)%n");
      System.out.printf("  loop per turn, instant model     %.2f ms  (%d turns in %d ms; each turn: model call, "
          + "read_file, status write)%n", loop.toMillis() / (double) turns, turns, loop.toMillis());
      System.out.printf("  of which model calls (loopback)  %.2f ms; loop overhead per turn %.2f ms%n",
          modelMillis / (double) turns, (loop.toMillis() - modelMillis) / (double) turns);
      System.out.printf("  task threads' CPU per turn       %.2f ms%n", overheadCpu / 1e6 / turns);
      System.out.printf("  one task, %d turns, 100 ms model  %.2f s%n", turnsEach, soloSeconds);
      System.out.printf("  %d tasks at once, same           %.2f s wall (each: median %.2f s, max %.2f s)%n",
          concurrent, manySeconds, each.get(each.size() / 2), each.get(each.size() - 1));
      System.out.printf("  per turn, alone: model %.1f ms, rest %.1f ms; %d at once: model %.1f ms, rest %.1f ms%n",
          soloModelMillis / (double) turnsEach, (soloSeconds * 1000 - soloModelMillis) / turnsEach, concurrent,
          manyModelMillis / (double) (concurrent * turnsEach),
          (manyMillis - manyModelMillis) / (double) (concurrent * turnsEach));
      System.out.printf("  task threads' CPU, %d tasks      %.2f s (%.2f ms per turn), %d task threads%n",
          concurrent, manyCpu / 1e9, manyCpu / 1e6 / (concurrent * (double) turnsEach),
          OperatorConfig.forTests().taskThreads());
      System.out.printf("  status writes per turn           %.2f%n", writes / (double) (concurrent * turnsEach));
      System.out.printf("  heap after full GC               %.0f MiB (%+.1f MiB after the %d tasks, which the "
          + "in-memory recorder double still holds; the JVM also holds the mock API and the doubles)%n",
          heap / 1024.0 / 1024.0, (heap - heapBefore) / 1024.0 / 1024.0, concurrent);
      System.out.printf("  loops left running %d; live threads %d (task threads %d)%n", loopsLeft,
          threads.getThreadCount(), OperatorConfig.forTests().taskThreads());
      System.out.printf("  (overhead run took %.1f s end to end)%n", overheadSeconds);
    } finally {
      agents.forEach(ScriptedAgent::close);
    }
  }

  /** The benchmark's tasks say in their prompt how many turns they take. */
  private static int turnLimit(com.fasterxml.jackson.databind.JsonNode request) {
    String prompt = request.path("messages").get(0).path("content").asText();
    return Integer.parseInt(prompt.substring(prompt.lastIndexOf(' ') + 1));
  }

  private static void create(OperatorHarness harness, String name, String workspace, int turns) {
    AgentTask task = new AgentTask();
    task.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(OperatorHarness.NS).build());
    task.getSpec().setWorkspace(workspace);
    task.getSpec().setOwner("alice");
    task.getSpec().setPrompt("Read files, turns " + turns);
    TaskLimits limits = new TaskLimits();
    limits.setMaxTurns(turns + 1);
    task.getSpec().setLimits(limits);
    harness.client().resource(task).create();
  }

  private static AgentTask await(OperatorHarness harness, String name, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      AgentTask t = harness.client().resources(AgentTask.class).inNamespace(OperatorHarness.NS).withName(name).get();
      TaskPhase phase = t == null || t.getStatus() == null ? null : t.getStatus().getPhase();
      if (phase == TaskPhase.Succeeded) {
        return t;
      }
      if (phase == TaskPhase.Failed || phase == TaskPhase.Cancelled) {
        throw new IllegalStateException("task " + name + " ended " + phase + ": " + t.getStatus().getMessage());
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("task " + name + " did not finish within " + limit);
  }

  private static long taskThreadCpu(ThreadMXBean threads) {
    long total = 0;
    for (long id : threads.getAllThreadIds()) {
      var info = threads.getThreadInfo(id);
      if (info != null && (info.getThreadName().startsWith("kubicle-task")
          || info.getThreadName().startsWith("HttpClient"))) {
        total += Math.max(0, threads.getThreadCpuTime(id));
      }
    }
    return total;
  }

  private static void configureModels(OperatorHarness harness, ScriptedModelServer model) {
    String ns = NetworkSettings.DEFAULT_NAMESPACE;
    harness.client().configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata()
        .withName(ModelCatalogSource.CONFIG_MAP).withNamespace(ns).endMetadata()
        .addToData(ModelCatalogSource.KEY, """
            providers:
              - {name: scripted, type: anthropic, baseUrl: "%s", apiKeySecret: {name: keys, key: k}}
            models:
              - {id: bench, provider: scripted, prices: {input: "3", output: "15"}}
            """.formatted(model.baseUrl())).build()).create();
    harness.client().secrets().inNamespace(ns).resource(new SecretBuilder().withMetadata(new ObjectMetaBuilder()
        .withName("keys").withNamespace(ns).build()).addToStringData("k", "bench-key").build()).create();
  }
}
