package dev.kubicle.operator.support;

import dev.kubicle.operator.kube.Labels;
import dev.kubicle.operator.terraform.StateJsonBuilder;
import dev.kubicle.operator.terraform.StateSecrets;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Test double for the kubelet and Terraform: plays out build Jobs against the mock API server, completing or
 * failing them and writing the state Secret in the real kubernetes-backend format, so the operator's Job path is
 * exercised end to end through the API.
 */
public final class JobSimulator implements AutoCloseable {
  /** What a Job should do. */
  public enum Outcome { SUCCEED, FAIL, HOLD }

  private final KubernetesClient client;
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
  private final List<Job> seen = new CopyOnWriteArrayList<>();
  private final Map<String, Map<String, Object>> variablesByJob = new ConcurrentHashMap<>();
  private volatile Function<Job, Outcome> script = job -> Outcome.SUCCEED;
  private volatile String failureLog = "Error: creating pod: quota exceeded";
  private final Watch watch;

  public JobSimulator(KubernetesClient client) {
    this.client = client;
    this.watch = client.batch().v1().jobs().inAnyNamespace()
        .withLabel(Labels.COMPONENT, Labels.RUNNER_COMPONENT)
        .watch(new Watcher<>() {
          @Override
          public void eventReceived(Action action, Job job) {
            if (action == Action.ADDED) {
              seen.add(job);
              executor.schedule(() -> play(job), 50, TimeUnit.MILLISECONDS);
            }
          }

          @Override
          public void onClose(WatcherException cause) {}
        });
  }

  public JobSimulator script(Function<Job, Outcome> script) {
    this.script = script;
    return this;
  }

  public JobSimulator failureLog(String log) {
    this.failureLog = log;
    return this;
  }

  /** Every Job the operator created, in order. */
  public List<Job> jobs() {
    return List.copyOf(seen);
  }

  /** The tfvars the operator rendered for a Job's build, as parsed JSON. */
  public Map<String, Object> variables(String jobName) {
    return variablesByJob.get(jobName);
  }

  /** Completes a held Job now. */
  public void complete(String namespace, String name) {
    Job job = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
    executor.submit(() -> finish(job, Outcome.SUCCEED));
  }

  private void play(Job job) {
    try {
      recordVariables(job);
      Outcome outcome = script.apply(job);
      if (outcome != Outcome.HOLD) {
        finish(job, outcome);
      }
    } catch (RuntimeException e) {
      e.printStackTrace();
    }
  }

  private void recordVariables(Job job) {
    String secretName = job.getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getSecret() != null).findFirst().orElseThrow().getSecret().getSecretName();
    Secret secret = client.secrets().inNamespace(job.getMetadata().getNamespace()).withName(secretName).get();
    String text = secret.getStringData() != null && secret.getStringData().containsKey("kubicle.auto.tfvars.json")
        ? secret.getStringData().get("kubicle.auto.tfvars.json")
        : new String(Base64.getDecoder().decode(secret.getData().get("kubicle.auto.tfvars.json")),
            StandardCharsets.UTF_8);
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> vars = dev.kubicle.operator.kube.Json.mapper().readValue(text, Map.class);
      variablesByJob.put(job.getMetadata().getName(), vars);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void finish(Job job, Outcome outcome) {
    String namespace = job.getMetadata().getNamespace();
    String uid = job.getMetadata().getLabels().get(Labels.WORKSPACE_UID);
    String transition = job.getMetadata().getLabels().get(Labels.TRANSITION);
    String now = Instant.now().toString();
    if (outcome == Outcome.SUCCEED) {
      writeState(namespace, uid, transition);
    } else {
      client.pods().inNamespace(namespace).resource(new PodBuilder()
          .withNewMetadata().withName(job.getMetadata().getName() + "-x1").withNamespace(namespace)
            .addToLabels("job-name", job.getMetadata().getName()).endMetadata()
          .withNewSpec().addNewContainer().withName("terraform").withImage("sim").endContainer().endSpec()
          .withNewStatus().withPhase("Failed").addNewContainerStatus().withName("terraform")
            .withNewState().withNewTerminated().withExitCode(1).withMessage(failureLog).endTerminated().endState()
          .endContainerStatus().endStatus()
          .build()).create();
    }
    Job current = client.batch().v1().jobs().inNamespace(namespace).withName(job.getMetadata().getName()).get();
    current.setStatus(new JobStatusBuilder()
        .withStartTime(now)
        .withCompletionTime(outcome == Outcome.SUCCEED ? now : null)
        .withSucceeded(outcome == Outcome.SUCCEED ? 1 : 0)
        .withFailed(outcome == Outcome.FAIL ? 1 : 0)
        .withConditions(new JobConditionBuilder()
            .withType(outcome == Outcome.SUCCEED ? "Complete" : "Failed").withStatus("True")
            .withReason(outcome == Outcome.SUCCEED ? null : "BackoffLimitExceeded")
            .withMessage(outcome == Outcome.SUCCEED ? null : "Job has reached the specified backoff limit")
            .build())
        .build());
    client.batch().v1().jobs().inNamespace(namespace).resource(current).updateStatus();
  }

  /** State as Terraform leaves it: after start a pod and a volume, after stop only the volume, after delete none. */
  private void writeState(String namespace, String uid, String transition) {
    StateJsonBuilder state = StateJsonBuilder.create().serial(1).terraformVersion("1.9.8").lineage("sim-" + uid);
    if (!"delete".equals(transition)) {
      state.managedResource(null, "kubernetes_persistent_volume_claim", "home")
          .output("home_volume", "home-" + uid, false)
          .output("db_password", "s3cr3t-never-in-status", true);
      if ("start".equals(transition)) {
        state.managedResource(null, "kubernetes_pod", "main").output("pod_name", "ws-" + uid, false);
      }
    }
    Secret secret = StateSecrets.build(namespace, uid, state.toJson());
    client.secrets().inNamespace(namespace).resource(secret).createOr(op -> op.update());
  }

  @Override
  public void close() {
    watch.close();
    executor.shutdownNow();
  }
}
