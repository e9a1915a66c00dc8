package dev.kubicle.operator.task;

import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.agentapi.AgentRegistry;
import dev.kubicle.operator.kube.EventRecorder;
import dev.kubicle.operator.task.llm.ModelClient;
import dev.kubicle.operator.task.model.ModelCatalogSource;
import dev.kubicle.operator.task.model.ProviderKeys;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The AgentTask feature wired in one place: the reconciler, the loops and the few threads they all share (a fixed
 * pool for loop steps and HTTP streams, one timer). Java 17 has no virtual threads, so no loop ever blocks one.
 */
public class AgentTasks implements AutoCloseable {
  private final ExecutorService executor;
  private final ScheduledExecutorService timer;
  private final ModelClient models;
  private final TaskStatusWriter status;
  private final TaskRunner runner;
  private final AgentTaskReconciler reconciler;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param operatorNamespace where the model ConfigMap and the provider key Secrets live
   * @param activity hears of each workspace a running task uses (keeps it from autostopping)
   * @param threads the loops' thread budget
   * @param workspaces the Workspace controller's cache (namespace, name): the one agents are admitted from, which
   *     every tool call checks its task's workspace UID against (see {@link BindingCheck})
   * @param maxDuration the cluster-wide cap on a task's wall time (KUBICLE_TASK_MAX_DURATION)
   */
  public AgentTasks(KubernetesClient client, String operatorNamespace, AgentRegistry agents,
      Consumer<ResourceID> activity, EventRecorder events, TaskRecorder recorder, Clock clock, int threads,
      dev.kubicle.operator.kube.UnreadableResources unreadable,
      BiFunction<String, String, Optional<Workspace>> workspaces, Duration maxDuration, TaskCounters counters) {
    this.executor = Executors.newFixedThreadPool(threads, named("kubicle-task"));
    this.timer = Executors.newSingleThreadScheduledExecutor(named("kubicle-task-timer"));
    this.models = new ModelClient(executor);
    this.status = new TaskStatusWriter(client);
    BindingCheck bindings = new BindingCheck(workspaces);
    TaskDependencies deps = new TaskDependencies(models, new TaskTools(agents, bindings, executor), bindings,
        recorder, status, events, activity, executor, timer, clock, closed, counters);
    this.runner = new TaskRunner(deps);
    this.reconciler = new AgentTaskReconciler(runner, status, events, recorder,
        new TaskStarter(new ModelCatalogSource(client, operatorNamespace), new ProviderKeys(client,
            operatorNamespace)), new WorkspaceGate(client, agents, activity), clock, unreadable, maxDuration, counters);
  }

  public AgentTaskReconciler reconciler() {
    return reconciler;
  }

  public TaskRunner runner() {
    return runner;
  }

  public TaskStatusWriter statusWriter() {
    return status;
  }

  /** Stops every loop where it stands, writing nothing: a restarted operator resumes or fails them clearly. */
  @Override
  public void close() {
    closed.set(true);
    runner.abandonAll();
    timer.shutdownNow();
    executor.shutdownNow();
    models.close();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
