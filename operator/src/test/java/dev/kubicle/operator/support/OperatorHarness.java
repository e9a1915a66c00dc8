package dev.kubicle.operator.support;

import static org.awaitility.Awaitility.await;

import dev.kubicle.api.v1alpha1.ParameterOption;
import dev.kubicle.api.v1alpha1.ParameterType;
import dev.kubicle.api.v1alpha1.ParameterValidation;
import dev.kubicle.api.v1alpha1.ProvisionerType;
import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateAgent;
import dev.kubicle.api.v1alpha1.TemplateParameter;
import dev.kubicle.api.v1alpha1.TemplateRef;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.operator.KubicleOperator;
import dev.kubicle.operator.OperatorConfig;
import dev.kubicle.operator.dev.DevCluster;
import dev.kubicle.operator.provision.local.LocalProvisioner;
import dev.kubicle.operator.store.jdbc.JdbcStore;
import dev.kubicle.operator.store.jdbc.StoreSettings;
import dev.kubicle.operator.task.TaskRecorder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real operator graph against the fabric8 mock API server (a test double for kube-apiserver: CRUD, watches,
 * no scheduler). Tests create resources through the client and watch the operator act on them.
 */
public final class OperatorHarness implements AutoCloseable {
  public static final String NS = "default";

  private final DevCluster cluster;
  private OperatorConfig config;
  private final String terraformUnavailable;
  private final LocalProvisioner.Factory local;
  private Clock clock = Clock.systemUTC();
  private java.util.function.Consumer<KubicleOperator> beforeStart = op -> { };
  private KubicleOperator operator;
  private LocalProvisioner localProvisioner;
  private Path storeDir;
  /** Wraps the store each operator gets (a test double such as FailingStore), or leaves it as it is. */
  private java.util.function.UnaryOperator<dev.kubicle.operator.store.Store> storeWrapper = s -> s;
  /** Null: the operator's own (the store, which outlives restarts here: the same SQLite file). */
  private TaskRecorder taskRecorder;

  private OperatorHarness(DevCluster cluster, OperatorConfig config, String terraformUnavailable,
      LocalProvisioner.Factory local) {
    this.cluster = cluster;
    this.config = config;
    this.terraformUnavailable = terraformUnavailable;
    this.local = local;
  }

  public static OperatorHarness start() {
    return start(OperatorConfig.forTests(), null);
  }

  public static OperatorHarness start(OperatorConfig config, String terraformUnavailable) {
    return start(config, terraformUnavailable, null);
  }

  /** With a clock the test controls. */
  public static OperatorHarness start(OperatorConfig config, Clock clock, LocalProvisioner.Factory local) {
    OperatorHarness harness = new OperatorHarness(DevCluster.startEphemeral(), config, null, local);
    harness.clock = clock;
    harness.startOperator();
    return harness;
  }

  /** With {@code beforeStart} applied to each operator before it starts (the console tests wire the console). */
  public static OperatorHarness startWith(OperatorConfig config, java.util.function.Consumer<KubicleOperator> beforeStart) {
    OperatorHarness harness = new OperatorHarness(DevCluster.startEphemeral(), config, null, null);
    harness.beforeStart = beforeStart;
    harness.startOperator();
    return harness;
  }

  /** With the local provisioner made by {@code local} and {@code beforeStart} applied before each start. */
  public static OperatorHarness startWith(OperatorConfig config, LocalProvisioner.Factory local,
      java.util.function.Consumer<KubicleOperator> beforeStart) {
    OperatorHarness harness = new OperatorHarness(DevCluster.startEphemeral(), config, null, local);
    harness.beforeStart = beforeStart;
    harness.startOperator();
    return harness;
  }

  /** With the local provisioner made by {@code local} (null: none). */
  public static OperatorHarness start(OperatorConfig config, String terraformUnavailable,
      LocalProvisioner.Factory local) {
    OperatorHarness harness = new OperatorHarness(DevCluster.startEphemeral(), config, terraformUnavailable, local);
    harness.startOperator();
    return harness;
  }

  /**
   * With AgentTask records going to {@code recorder} (it outlives operator restarts, as the store does), or to the
   * operator's own store when null.
   */
  public static OperatorHarness start(OperatorConfig config, LocalProvisioner.Factory local, TaskRecorder recorder) {
    OperatorHarness harness = new OperatorHarness(DevCluster.startEphemeral(), config, null, local);
    harness.taskRecorder = recorder;
    harness.startOperator();
    return harness;
  }

  /** With the operator's store wrapped by {@code wrapper} (each start), e.g. in a FailingStore. */
  public static OperatorHarness startWithStore(OperatorConfig config,
      java.util.function.UnaryOperator<dev.kubicle.operator.store.Store> wrapper) {
    OperatorHarness harness = new OperatorHarness(DevCluster.startEphemeral(), config, null, null);
    harness.storeWrapper = wrapper;
    harness.startOperator();
    return harness;
  }

  /** The task recorder the next {@link #startOperator()} uses (null: the operator's own, the store). */
  public void taskRecorder(TaskRecorder recorder) {
    this.taskRecorder = recorder;
  }

  public void startOperator() {
    localProvisioner = local == null ? null : local.create(cluster.client());
    dev.kubicle.operator.store.Store store = storeWrapper.apply(
        JdbcStore.open(StoreSettings.sqlite(storeFile(), StoreSettings.DEFAULT_RETENTION_DAYS)));
    operator = taskRecorder == null
        ? new KubicleOperator(cluster.client(), config, clock, terraformUnavailable, localProvisioner, store)
        : new KubicleOperator(cluster.client(), config, clock, terraformUnavailable, localProvisioner, store,
            taskRecorder);
    operator.onInformerFailure(() -> { }); // counted in informerFailures(); never end the test JVM
    beforeStart.accept(operator);
    operator.start();
  }

  /** The SQLite file of this harness's store: the same across operator restarts, deleted by {@link #close()}. */
  public Path storeFile() {
    try {
      if (storeDir == null) {
        storeDir = Files.createTempDirectory("kubicle-store-");
      }
      return storeDir.resolve(StoreSettings.SQLITE_FILE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the operator and starts one with other settings on the same cluster (an upgrade that changes them). */
  public void restartOperator(OperatorConfig next) {
    stopOperator();
    config = next;
    startOperator();
  }

  /** Stops the operator as a crash would, leaving everything it created in the API. */
  public void stopOperator() {
    operator.close();
  }

  public KubernetesClient client() {
    return cluster.client();
  }

  public DevCluster cluster() {
    return cluster;
  }

  public KubicleOperator operator() {
    return operator;
  }

  public Template createTemplate(Template template) {
    return client().resource(template).create();
  }

  public Workspace createWorkspace(Workspace workspace) {
    return client().resource(workspace).create();
  }

  public Workspace workspace(String name) {
    return client().resources(Workspace.class).inNamespace(NS).withName(name).get();
  }

  public Template template(String name) {
    return client().resources(Template.class).inNamespace(NS).withName(name).get();
  }

  public Workspace awaitPhase(String name, WorkspacePhase phase) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
      Workspace ws = workspace(name);
      return ws != null && ws.getStatus() != null && ws.getStatus().getPhase() == phase;
    });
    return workspace(name);
  }

  public void awaitGone(String name) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> workspace(name) == null);
  }

  /** A Terraform template with one parameter of each kind that matters to the tests. */
  public static Template terraformTemplate(String name) {
    Template t = new Template();
    t.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    t.getSpec().setFiles(Map.of("main.tf", "variable \"kubicle_start_count\" { type = number }\n"));
    TemplateParameter cpu = new TemplateParameter();
    cpu.setName("cpu");
    cpu.setType(ParameterType.NUMBER);
    cpu.setDefaultValue("2");
    cpu.setMutable(true);
    ParameterValidation range = new ParameterValidation();
    range.setMin(1L);
    range.setMax(8L);
    cpu.setValidation(range);
    TemplateParameter region = new TemplateParameter();
    region.setName("region");
    region.setDefaultValue("eu");
    region.setOptions(List.of(new ParameterOption("Europe", "eu"), new ParameterOption("US", "us")));
    t.getSpec().setParameters(List.of(cpu, region));
    // The Job simulator runs no agent; tests of the agent use a template that does.
    TemplateAgent noAgent = new TemplateAgent();
    noAgent.setEnabled(false);
    t.getSpec().setAgent(noAgent);
    return t;
  }

  /** An echo template (scripted results, no Jobs), optionally with a delay for every build. */
  public static Template echoTemplate(String name, String echoJson) {
    Template t = new Template();
    t.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    t.getSpec().setProvisioner(ProvisionerType.ECHO);
    t.getSpec().setFiles(Map.of("main.tf", "# echo\n", "echo.json", echoJson));
    return t;
  }

  public static Workspace workspace(String name, String template, Map<String, String> parameters) {
    Workspace ws = new Workspace();
    ws.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    ws.getSpec().setTemplate(new TemplateRef(template, null));
    ws.getSpec().setOwner("alice");
    ws.getSpec().setParameters(new java.util.LinkedHashMap<>(parameters));
    return ws;
  }

  @Override
  public void close() {
    try {
      operator.close();
    } catch (RuntimeException ignored) {
      // already stopped by a test that simulated a crash
    }
    if (localProvisioner != null) {
      localProvisioner.stopAll(); // agent processes must not outlive the test
    }
    cluster.close();
    if (storeDir != null) {
      try (var files = Files.walk(storeDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // the temp folder is gone already
      }
    }
  }
}
