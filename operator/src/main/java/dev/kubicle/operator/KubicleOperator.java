package dev.kubicle.operator;

import dev.kubicle.operator.agentapi.AgentRegistry;
import dev.kubicle.operator.agentapi.AgentCounters;
import dev.kubicle.operator.agentapi.AgentSocketHandler;
import dev.kubicle.operator.agentapi.AgentTokenSecrets;
import dev.kubicle.operator.agentapi.ControlPlaneServer;
import dev.kubicle.operator.agentapi.UserKeys;
import dev.kubicle.operator.controller.BuildLogStore;
import dev.kubicle.operator.controller.BuildRunner;
import dev.kubicle.operator.controller.TemplateReconciler;
import dev.kubicle.operator.controller.WorkspaceReconciler;
import dev.kubicle.operator.controller.WorkspaceSources;
import dev.kubicle.operator.controller.WorkspaceStatusWriter;
import dev.kubicle.operator.controller.LifecycleActions;
import dev.kubicle.operator.controller.OverlayAddressStep;
import dev.kubicle.operator.network.DeviceRegistry;
import dev.kubicle.operator.network.DeviceStore;
import dev.kubicle.operator.network.GatewayKey;
import dev.kubicle.operator.network.NetworkSettings;
import dev.kubicle.operator.network.OverlayAddresses;
import dev.kubicle.operator.network.OverlayRange;
import dev.kubicle.operator.network.RecordedAddresses;
import dev.kubicle.operator.kube.EventRecorder;
import dev.kubicle.operator.kube.UnreadableResources;
import dev.kubicle.operator.lifecycle.ActivityTracker;
import dev.kubicle.operator.lifecycle.LifecycleStep;
import dev.kubicle.operator.lifecycle.WakeupEventSource;
import dev.kubicle.operator.provision.JobLogFollower;
import dev.kubicle.operator.provision.Provisioner;
import dev.kubicle.operator.provision.Provisioners;
import dev.kubicle.operator.provision.TerraformJobProvisioner;
import dev.kubicle.operator.store.GuardedStore;
import dev.kubicle.operator.store.LogWriter;
import dev.kubicle.operator.store.RetentionSchedule;
import dev.kubicle.operator.store.Store;
import dev.kubicle.operator.store.StoreHealth;
import dev.kubicle.operator.task.AgentTasks;
import dev.kubicle.operator.task.StoreTaskRecorder;
import dev.kubicle.operator.task.TaskCounters;
import dev.kubicle.operator.task.TaskRecorder;
import dev.kubicle.operator.terraform.BundleRenderer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import dev.kubicle.operator.console.Console;
import dev.kubicle.operator.console.ConsoleConfig;
import dev.kubicle.operator.console.OperatorCaches;
import dev.kubicle.operator.console.api.ApiExtension;
import dev.kubicle.operator.console.api.DeviceRoutes;
import dev.kubicle.operator.console.api.WorkspaceFeed;
import dev.kubicle.operator.console.auth.DevLogin;
import dev.kubicle.operator.console.terminal.TerminalRoutes;
import dev.kubicle.operator.metrics.InformerFailures;
import dev.kubicle.operator.metrics.OperatorMetrics;
import dev.kubicle.operator.provision.RunnerPolicyCounters;
import dev.kubicle.operator.metrics.ReconcileFailures;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Wiring in one place: builds the controllers, the agent API and their collaborators from a client and settings.
 * Main uses it against a real or the embedded cluster; tests build the same graph against the mock API.
 */
public class KubicleOperator implements AutoCloseable {
  private final OperatorConfig config;
  private final Operator operator;
  private final WorkspaceStatusWriter statusWriter = new WorkspaceStatusWriter();
  private final Provisioners provisioners;
  private final WorkspaceReconciler workspaces;
  private final WorkspaceSources sources;
  private final AgentRegistry agents;
  private final AgentSocketHandler agentSockets;
  /** Users' SSH keys from an informer: agents' manifests and the console read them here. */
  private final UserKeys userKeys;
  private final OverlayAddresses addresses;
  private final DeviceRegistry devices;
  private final AgentTasks tasks;
  private final ActivityTracker activity;
  private final Vertx vertx = Vertx.vertx();
  /** The operator's own figures, at /metrics on the control-plane port. */
  private final OperatorMetrics metrics = new OperatorMetrics();
  /** Exceptions that escaped a reconcile, counted in {@link #metrics}. */
  private final ReconcileFailures reconcileFailures = new ReconcileFailures(metrics);
  /** Template runners refused by the runner policy, counted in {@link #metrics}. */
  private final RunnerPolicyCounters runnerRefusals = new RunnerPolicyCounters(metrics);
  private final KubernetesClient client;
  /** Workspace changes for the console's live updates, tapped from the Workspace controller's informer. */
  private final WorkspaceFeed workspaceFeed = new WorkspaceFeed();
  private OperatorCaches consoleCaches;
  private Console console;
  private final Store store;
  private final LogWriter logWriter;
  private final StoreHealth storeHealth;
  private final JobLogFollower jobLogs;
  private final Clock clock;
  private ControlPlaneServer server;
  /** Stopped informers: counted, logged, and by default the end of the process (see InformerFailures). */
  private final InformerFailures informerFailures = new InformerFailures();
  private RetentionSchedule retention;

  /**
   * @param terraformUnavailable when not null, Terraform Jobs cannot run here (the embedded dev cluster has no
   *     nodes) and builds fail at once with this explanation
   * @param local the local-process provisioner (dev cluster only), or null
   * @param store logs, audit, users, tokens and sessions; the operator owns it from here and closes it
   */
  public KubicleOperator(KubernetesClient client, OperatorConfig config, Clock clock, String terraformUnavailable,
      Provisioner local, Store store) {
    this(client, config, clock, terraformUnavailable, local, store, new StoreTaskRecorder(store.taskRecords(), clock));
  }

  /** @param taskRecorder where AgentTask records go: the store by default; tests may pass their own */
  public KubicleOperator(KubernetesClient client, OperatorConfig config, Clock clock, String terraformUnavailable,
      Provisioner local, Store store, TaskRecorder taskRecorder) {
    this.config = config;
    this.client = client;
    this.clock = clock;
    // Logs give way to audit entries, and neither a full nor a failing store stops a reconcile (docs/security.md).
    this.storeHealth = new StoreHealth(metrics);
    this.store = new GuardedStore(store, storeHealth, metrics);
    this.logWriter = new LogWriter(this.store, clock, storeHealth);
    if (taskRecorder instanceof StoreTaskRecorder recorder) {
      recorder.reportingTo(storeHealth);
    }
    // A Job cannot run longer than the build timeout; the margin covers a slow start and the last lines.
    this.jobLogs = new JobLogFollower(client, logWriter, config.buildTimeout().plus(Duration.ofMinutes(10)));
    EventRecorder events = new EventRecorder(client, clock);
    UnreadableResources unreadable = new UnreadableResources(client, events, clock);
    AgentTokenSecrets tokens = new AgentTokenSecrets(client);
    agents = new AgentRegistry(clock, config.agentLimits());
    userKeys = new UserKeys(client, config.watchNamespaces());
    TerraformJobProvisioner terraform = new TerraformJobProvisioner(client, config, new BundleRenderer(), tokens,
        jobLogs, runnerRefusals);
    provisioners = Provisioners.of(terraform, terraformUnavailable, config.echoEnabled(), clock, local);
    BuildRunner builds = new BuildRunner(provisioners, events, new BuildLogStore(client), clock, tokens, agents,
        logWriter);
    WakeupEventSource wakeups = new WakeupEventSource(clock);
    activity = new ActivityTracker(clock, wakeups);
    agents.onActivity(activity::active);
    sources = new WorkspaceSources(terraform::bind, agents, config.controlPlaneUrl(), clock, wakeups);
    logWriter.onTroubleChanged(sources::wakeByUid); // for the LogsStored condition
    NetworkSettings network = config.network();
    addresses = new OverlayAddresses(OverlayRange.parse(network.overlayCidr()),
        new RecordedAddresses(client, config.watchNamespaces(), network.operatorNamespace()));
    devices = new DeviceRegistry(new DeviceStore(client, network.operatorNamespace()), addresses,
        new GatewayKey(client, network.operatorNamespace()), network, clock);
    workspaces = new WorkspaceReconciler(provisioners, builds, statusWriter, sources, events, clock,
        new LifecycleStep(activity, wakeups), new LifecycleActions(client, events),
        new OverlayAddressStep(addresses, events), unreadable);
    agentSockets = new AgentSocketHandler(vertx, sources, agents, userKeys, config.statsInterval(),
        logWriter, config.agentLimits(), new AgentCounters(metrics));
    userKeys.onChange(agentSockets::keysChanged); // removed keys stop working on running agents within seconds
    operator = new Operator(o -> o
        .withKubernetesClient(client)
        .withCloseClientOnStop(false)
        .withConcurrentReconciliationThreads(config.reconcileThreads())
        .withMetrics(reconcileFailures)
        .withInformerStoppedHandler(informerFailures)
        // Server-side apply is right against a real API server; the mock API cannot do it.
        .withUseSSAToPatchPrimaryResource(config.useServerSideApply())
        .withSSABasedCreateUpdateMatchForDependentResources(config.useServerSideApply())
        .checkingCRDAndValidateLocalModel(false));
    operator.register(new TemplateReconciler(client, events, clock, unreadable,
        config.runnerPolicy(), runnerRefusals), c -> namespaces(c, config));
    operator.register(workspaces, c -> {
      namespaces(c, config);
      c.withGenericFilter(workspaceFeed); // accepts everything: it only listens
    });
    workspaceFeed.bindCache(id -> sources.workspace(id.getNamespace().orElse(null), id.getName()));
    tasks = new AgentTasks(client, network.operatorNamespace(), agents, activity::active, events, taskRecorder,
        clock, config.taskThreads(), unreadable, sources::workspace, config.taskMaxDuration(),
        new TaskCounters(metrics));
    // A deleted or re-created workspace stops the tasks bound to it at once, from the same watch the controller has.
    workspaceFeed.subscribe(change -> tasks.runner().workspaceChanged(change.workspace().getMetadata().getNamespace(),
        change.workspace().getMetadata().getName()));
    operator.register(tasks.reconciler(), c -> namespaces(c, config));
  }

  public KubicleOperator(KubernetesClient client, OperatorConfig config, Clock clock, String terraformUnavailable,
      Store store) {
    this(client, config, clock, terraformUnavailable, null, store);
  }

  private static <R extends HasMetadata> void namespaces(ControllerConfigurationOverrider<R> overrider,
      OperatorConfig config) {
    if (!config.watchNamespaces().isEmpty()) {
      overrider.settingNamespaces(config.watchNamespaces());
    }
  }

  /**
   * Serves the web console and REST API on the HTTP server (call before {@link #start()}).
   *
   * @param devLoginUser on the dev cluster, the user the one-time admin login signs in as; null elsewhere
   * @param extensions more /api/v1 routes (the device routes are always there)
   */
  public KubicleOperator withConsole(ConsoleConfig consoleConfig, String devLoginUser,
      List<ApiExtension> extensions) {
    consoleCaches = new OperatorCaches(sources, client, config.watchNamespaces(), userKeys);
    List<ApiExtension> all = new java.util.ArrayList<>();
    all.add(new DeviceRoutes(devices));
    all.add(new TerminalRoutes(vertx, agents, consoleConfig)); // the web terminal bridges to this operator's agents
    all.addAll(extensions);
    console = new Console(vertx, consoleConfig, store, client, consoleCaches, workspaceFeed, clock,
        devLoginUser == null ? null : new DevLogin(clock, devLoginUser), all);
    return this;
  }

  /** The console, when {@link #withConsole} was called. */
  public Console console() {
    return console;
  }

  /**
   * Starts the HTTP server first (a taken port fails fast, before any informer starts), then the controllers;
   * agents are let in once the caches are synced.
   */
  public void start() {
    server = ControlPlaneServer.start(vertx, "0.0.0.0", config.httpPort(), () -> true, agentSockets,
        console == null ? null : console.router(), metrics::render);
    operator.start();
    userKeys.start();
    if (consoleCaches != null) {
      consoleCaches.start();
    }
    sources.started();
    retention = RetentionSchedule.start(store, clock);
  }

  /** Exceptions that escaped a reconcile so far (JOSDK retried them). */
  public ReconcileFailures reconcileFailures() {
    return reconcileFailures;
  }

  /** Informers that stopped on an error (tests: it stays 0 whatever is stored). */
  public int informerFailures() {
    return informerFailures.count();
  }

  /** Replaces the exit on a stopped informer (tests count failures instead of ending the JVM). */
  public KubicleOperator onInformerFailure(Runnable action) {
    informerFailures.onFailure(action);
    return this;
  }

  /** The port the control plane's HTTP server listens on (useful when configured as 0). */
  public int httpPort() {
    return server.port();
  }

  /** The store (logs, audit, users, API tokens, sessions), for the console and the REST API. */
  public Store store() {
    return store;
  }

  /** Whether the store takes writes (metrics, the workspace condition, tests). */
  public StoreHealth storeHealth() {
    return storeHealth;
  }

  /** Queues log lines for the store without blocking (the console's readers read the store). */
  public LogWriter logWriter() {
    return logWriter;
  }

  public Provisioners provisioners() {
    return provisioners;
  }

  /** The Workspace controller's caches (tests wait on them to know the operator has seen a write). */
  public WorkspaceSources workspaceSources() {
    return sources;
  }

  public AgentRegistry agents() {
    return agents;
  }

  public WorkspaceReconciler workspaces() {
    return workspaces;
  }

  /** The user's WireGuard devices (the API serves these). */
  public DeviceRegistry devices() {
    return devices;
  }

  /** Overlay addresses in use (tests, diagnostics). */
  public OverlayAddresses addresses() {
    return addresses;
  }

  /** Activity seen per workspace (agents' sessions, running tasks). */
  public ActivityTracker activity() {
    return activity;
  }

  /** The AgentTask loops (tests and benchmarks look inside). */
  public AgentTasks tasks() {
    return tasks;
  }

  /** Users' SSH keys, as agents get them in their manifests. */
  public UserKeys userKeys() {
    return userKeys;
  }

  /** The operator's own figures (also served at /metrics). */
  public OperatorMetrics metrics() {
    return metrics;
  }

  public WorkspaceStatusWriter statusWriter() {
    return statusWriter;
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
    tasks.close();
    if (console != null) {
      console.close();
      consoleCaches.close();
    }
    operator.stop();
    userKeys.close();
    vertx.close();
    if (retention != null) {
      retention.close();
    }
    jobLogs.close();
    logWriter.close(); // a last flush, then the store can go
    store.close();
  }
}
