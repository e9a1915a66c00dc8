package dev.kubicle.operator.provision;

import dev.kubicle.api.v1alpha1.BuildTransition;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.OperatorConfig;
import dev.kubicle.operator.agentapi.AgentTokenSecrets;
import dev.kubicle.operator.kube.Creates;
import dev.kubicle.operator.kube.Labels;
import dev.kubicle.operator.kube.Names;
import dev.kubicle.operator.terraform.BundleRenderer;
import dev.kubicle.operator.terraform.RenderedBundle;
import dev.kubicle.operator.terraform.StateSecretException;
import dev.kubicle.operator.terraform.StateSecrets;
import dev.kubicle.operator.terraform.TerraformState;
import dev.kubicle.operator.terraform.TerraformVariables;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each build as one Kubernetes Job (terraform or tofu apply/destroy), follows it through the informer cache,
 * and reads outputs from the state Secret the kubernetes backend writes.
 */
public class TerraformJobProvisioner implements Provisioner {
  private static final Logger LOG = LoggerFactory.getLogger(TerraformJobProvisioner.class);

  private final KubernetesClient client;
  private final OperatorConfig config;
  private final BundleRenderer renderer;
  private final RunnerJobFactory jobs;
  private final RunnerAccess access;
  private final JobLogs logs;
  private final AgentTokenSecrets tokens;
  private final JobLogFollower follower;
  private final RunnerPolicyCounters refusals;
  private volatile JobCache cache;

  /**
   * @param follower streams each running Job's log into the store
   * @param refusals counts builds refused for their runner
   */
  public TerraformJobProvisioner(KubernetesClient client, OperatorConfig config, BundleRenderer renderer,
      AgentTokenSecrets tokens, JobLogFollower follower, RunnerPolicyCounters refusals) {
    this.client = client;
    this.refusals = refusals;
    this.follower = follower;
    this.config = config;
    this.renderer = renderer;
    this.tokens = tokens;
    this.jobs = new RunnerJobFactory(config);
    this.access = new RunnerAccess(client);
    this.logs = new JobLogs(client);
  }

  /** Wired once the Workspace controller's Job informer exists. */
  public void bind(JobCache cache) {
    this.cache = cache;
  }

  @Override
  public Optional<String> jobName(Workspace workspace, long buildNumber) {
    return Optional.of(Names.buildJob(workspace.getMetadata().getName(), workspace.getMetadata().getUid(),
        buildNumber));
  }

  @Override
  public void submit(BuildRequest request) {
    String jobName = request.build().getJob();
    if (cache().get(request.namespace(), jobName).isPresent()) {
      return; // adopted: the Job of this build already exists
    }
    try {
      jobs.checkAllowed(request.snapshot().runner()); // before anything is created for a build that cannot run
    } catch (RunnerNotAllowedException e) {
      refusals.refused(RunnerPolicyCounters.At.BUILD);
      throw e;
    }
    if (request.snapshot().runner() == null || request.snapshot().runner().getServiceAccountName() == null) {
      access.ensure(request.namespace());
    }
    String secretName = Names.buildSecret(request.workspaceName(), request.workspaceUid(), request.build().getNumber());
    Creates.ifAbsent(client, varsSecret(request, secretName));
    Optional<Job> created = Creates.ifAbsent(client, jobs.build(request, jobName, secretName));
    created.ifPresentOrElse(cache()::created, () -> LOG.info("job {} already exists; adopting it", jobName));
  }

  @Override
  public BuildObservation observe(BuildRequest request) {
    Optional<Job> job = cache().get(request.namespace(), request.build().getJob());
    if (job.isEmpty()) {
      return BuildObservation.missing();
    }
    if (hasCondition(job.get(), "Complete")) {
      String log = logs.tail(request.namespace(), request.build().getJob());
      follower.finished(request, log);
      if (request.build().getTransition() == BuildTransition.DELETE) {
        return BuildObservation.succeeded(log, Map.of(), List.of());
      }
      try {
        TerraformState state = readState(request);
        return BuildObservation.succeeded(log, state.outputs(), state.resources());
      } catch (StateSecretException e) {
        return BuildObservation.failed("Terraform finished but its state could not be read: " + e.getMessage(), log);
      }
    }
    Optional<JobCondition> failed = condition(job.get(), "Failed");
    if (failed.isPresent()) {
      String log = logs.tail(request.namespace(), request.build().getJob());
      follower.finished(request, log);
      String why = "DeadlineExceeded".equals(failed.get().getReason())
          ? "the build ran longer than " + config.buildTimeout().toMinutes() + " minutes and was stopped"
          : "terraform exited with an error" + (failed.get().getMessage() == null ? ""
              : " (" + failed.get().getMessage() + ")");
      return BuildObservation.failed("Job " + request.build().getJob() + " failed: " + why, log);
    }
    follower.follow(request);
    boolean active = job.get().getStatus() != null && job.get().getStatus().getActive() != null
        && job.get().getStatus().getActive() > 0;
    return active ? BuildObservation.running(Optional.empty()) : BuildObservation.submitted(Optional.empty());
  }

  @Override
  public boolean streamsBuildLogs() {
    return true;
  }

  @Override
  public void cleanup(Workspace workspace, boolean keepState) {
    String namespace = workspace.getMetadata().getNamespace();
    String uid = workspace.getMetadata().getUid();
    if (keepState) {
      // The build secrets only: the state Secret carries the workspace label too, and must survive an orphan delete.
      client.secrets().inNamespace(namespace).withLabel(Labels.WORKSPACE_UID, uid).withLabel(Labels.BUILD).delete();
      LOG.info("orphaned: Terraform state kept in Secret {}", StateSecrets.secretName(uid));
      return;
    }
    client.secrets().inNamespace(namespace).withLabel(Labels.WORKSPACE_UID, uid).delete();
    client.secrets().inNamespace(namespace).withName(StateSecrets.secretName(uid)).delete();
    client.leases().inNamespace(namespace).withName(StateSecrets.lockLeaseName(uid)).delete();
  }

  private TerraformState readState(BuildRequest request) {
    String name = StateSecrets.secretName(request.workspaceUid());
    Secret state = client.secrets().inNamespace(request.namespace()).withName(name).get();
    if (state == null) {
      throw new StateSecretException(request.namespace() + "/" + name, "the Secret does not exist");
    }
    return StateSecrets.read(state);
  }

  private Secret varsSecret(BuildRequest request, String name) {
    Workspace ws = request.workspace();
    TerraformVariables variables = new TerraformVariables(request.workspaceName(), request.namespace(),
        ws.getSpec().getOwner() == null ? "" : ws.getSpec().getOwner(), request.workspaceUid(),
        request.build().getTransition(), agentToken(request), config.agentInitCommand(), config.agentImage(),
        Names.agentToken(request.workspaceName(), request.workspaceUid()), config.controlPlaneUrl(),
        request.snapshot().templateName(),
        request.snapshot().version(), request.build().getNumber(), request.parameters());
    RenderedBundle bundle = renderer.render(variables, request.snapshot().parameters());
    return new SecretBuilder()
        .withNewMetadata()
          .withName(name).withNamespace(request.namespace())
          .withLabels(Labels.forWorkspace(request.workspaceName(), request.workspaceUid()))
          .addToLabels(Labels.BUILD, String.valueOf(request.build().getNumber()))
          .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(ws.getApiVersion()).withKind(ws.getKind())
              .withName(ws.getMetadata().getName()).withUid(ws.getMetadata().getUid()).build())
        .endMetadata()
        .withType("Opaque")
        .withStringData(bundle.files())
        .build();
  }

  /** The start's agent token for the template to hand to the agent; empty for stops and agentless templates. */
  private String agentToken(BuildRequest request) {
    if (request.build().getTransition() != BuildTransition.START || !request.snapshot().agentEnabled()) {
      return "";
    }
    return tokens.current(request.workspace()).orElseThrow(() -> new IllegalArgumentException(
        "the agent token Secret of this workspace is missing or was replaced; edit the Workspace to start again"));
  }

  private JobCache cache() {
    if (cache == null) {
      throw new IllegalStateException("the Job cache is not bound: the Workspace controller has not started");
    }
    return cache;
  }

  private static boolean hasCondition(Job job, String type) {
    return condition(job, type).isPresent();
  }

  private static Optional<JobCondition> condition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
  }
}
