package dev.kubicle.operator.task;

import static dev.kubicle.operator.support.OperatorHarness.NS;

import dev.kubicle.api.v1alpha1.AgentTask;
import dev.kubicle.api.v1alpha1.AgentTaskSpec;
import dev.kubicle.api.v1alpha1.ProvisionerType;
import dev.kubicle.api.v1alpha1.TaskLimits;
import dev.kubicle.api.v1alpha1.TaskPhase;
import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateAgent;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.OperatorConfig;
import dev.kubicle.operator.agentapi.AgentTokenSecrets;
import dev.kubicle.operator.kube.Conditions;
import dev.kubicle.operator.network.NetworkSettings;
import dev.kubicle.operator.provision.local.LocalProvisioner;
import dev.kubicle.operator.support.OnConflict;
import dev.kubicle.operator.support.OperatorHarness;
import dev.kubicle.operator.support.Repository;
import dev.kubicle.operator.support.ScriptedModelServer;
import dev.kubicle.operator.task.model.ModelCatalogSource;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A task test bed: the real operator against the mock API, one local workspace running the real agent jar, the
 * model configuration and its key Secret in the operator's namespace, and a scripted model server behind both
 * providers (anthropic and openai wires).
 */
final class TaskBed implements AutoCloseable {
  /** A distinctive key, so any copy of it anywhere is found. */
  static final String KEY = "sk-kubicle-test-" + UUID.randomUUID();
  static final String OPERATOR_NS = NetworkSettings.DEFAULT_NAMESPACE;

  final ScriptedModelServer models = ScriptedModelServer.start();
  final OperatorHarness harness;
  final Path base;
  final Path home;

  private TaskBed(Path tmp, TaskRecorder recorder, UnaryOperator<OperatorConfig> settings) {
    base = tmp.resolve("workspaces");
    OperatorConfig config = settings.apply(OperatorConfig.forTests().onLoopbackPort(freePort()));
    LocalProvisioner.Factory local = client -> new LocalProvisioner(base,
        LocalProvisioner.defaultAgentCommand(Repository.agentJar()), config.controlPlaneUrl(),
        new AgentTokenSecrets(client));
    harness = OperatorHarness.start(config, local, recorder);
    writeModelConfiguration();
    Template template = new Template();
    template.setMetadata(new ObjectMetaBuilder().withName("local").withNamespace(NS).build());
    template.getSpec().setProvisioner(ProvisionerType.LOCAL);
    template.getSpec().setFiles(Map.of("main.tf", "# local\n"));
    TemplateAgent agent = new TemplateAgent();
    agent.setEnabled(true);
    agent.setStartupScript("true");
    template.getSpec().setAgent(agent);
    harness.createTemplate(template);
    harness.createWorkspace(OperatorHarness.workspace("dev", "local", Map.of()));
    awaitReady();
    home = Path.of(harness.workspace("dev").getStatus().getOutputs().get("directory"));
  }

  static TaskBed start(Path tmp, TaskRecorder recorder) {
    return new TaskBed(tmp, recorder, UnaryOperator.identity());
  }

  /** A bed whose operator runs with other settings (the maximum task duration, say). */
  static TaskBed start(Path tmp, TaskRecorder recorder, UnaryOperator<OperatorConfig> settings) {
    return new TaskBed(tmp, recorder, settings);
  }

  private void writeModelConfiguration() {
    String yaml = """
        defaultModel: claude
        providers:
          - name: anthropic
            type: anthropic
            baseUrl: %s
            apiKeySecret: {name: model-keys, key: anthropic}
            maxAttempts: 2
            initialBackoff: 10ms
          - name: openai
            type: openai
            baseUrl: %s
            apiKeySecret: {name: model-keys, key: openai}
            maxAttempts: 2
            initialBackoff: 10ms
          - name: local
            type: openai-compatible
            baseUrl: %s
            maxAttempts: 1
        models:
          - id: claude
            provider: anthropic
            model: claude-test
            maxOutputTokens: 2048
            prices: {input: "3", output: "15", cacheRead: "0.30", cacheWrite: "3.75"}
          - id: gpt
            provider: openai
            model: gpt-test
            prices: {input: "3", output: "15", cacheRead: "0.30", cacheWrite: "3.75"}
          - id: unpriced
            provider: local
        """.formatted(models.baseUrl(), models.openAiBaseUrl(), models.openAiBaseUrl());
    harness.client().configMaps().inNamespace(OPERATOR_NS).resource(new ConfigMapBuilder().withNewMetadata()
        .withName(ModelCatalogSource.CONFIG_MAP).withNamespace(OPERATOR_NS).endMetadata()
        .addToData(ModelCatalogSource.KEY, yaml).build()).create();
    harness.client().secrets().inNamespace(OPERATOR_NS).resource(new SecretBuilder().withNewMetadata()
        .withName("model-keys").withNamespace(OPERATOR_NS).endMetadata()
        .addToStringData("anthropic", KEY).addToStringData("openai", KEY).build()).create();
  }

  void awaitReady() {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
      Workspace ws = harness.workspace("dev");
      return ws != null && ws.getStatus() != null && Conditions.isTrue(ws.getStatus().getConditions(), "Ready");
    });
  }

  AgentTask create(String name, String model, Consumer<TaskLimits> limits) {
    AgentTask task = new AgentTask();
    task.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    AgentTaskSpec spec = task.getSpec();
    spec.setWorkspace("dev");
    spec.setOwner("alice");
    spec.setPrompt("Make the failing test pass.");
    spec.setModel(model);
    TaskLimits l = new TaskLimits();
    limits.accept(l);
    spec.setLimits(l);
    return harness.client().resource(task).create();
  }

  AgentTask task(String name) {
    return harness.client().resources(AgentTask.class).inNamespace(NS).withName(name).get();
  }

  /** Waits for the task to reach {@code phase}; fails fast, with its status, if it ends in another one. */
  AgentTask await(String name, TaskPhase phase) {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
      AgentTask t = task(name);
      TaskPhase now = t == null || t.getStatus() == null ? null : t.getStatus().getPhase();
      if (now != phase && (now == TaskPhase.Succeeded || now == TaskPhase.Failed || now == TaskPhase.Cancelled)) {
        throw new AssertionError("task " + name + " ended " + now + " (" + t.getStatus().getStopReason() + "): "
            + t.getStatus().getMessage());
      }
      return now == phase;
    });
    return task(name);
  }

  void cancel(String name) {
    OnConflict.retry(() -> harness.client().resources(AgentTask.class).inNamespace(NS).withName(name).edit(t -> {
      t.getSpec().setCancel(true);
      return t;
    }));
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      harness.close();
    } finally {
      models.close();
    }
  }
}
