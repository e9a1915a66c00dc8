package dev.kubicle.operator.provision;

import dev.kubicle.api.v1alpha1.BuildTransition;
import dev.kubicle.api.v1alpha1.RunnerSpec;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.validation.TemplateFiles;
import dev.kubicle.operator.OperatorConfig;
import dev.kubicle.operator.kube.Labels;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the Job that runs one Terraform build. The pod is hardened because templates are untrusted input:
 * non-root, read-only root filesystem, no capabilities, scratch volumes only where Terraform must write.
 */
public class RunnerJobFactory {
  public static final String CONTAINER = "terraform";
  public static final String RUNNER_SERVICE_ACCOUNT = "kubicle-runner";
  static final long RUNNER_UID = 65532;

  private final OperatorConfig config;

  public RunnerJobFactory(OperatorConfig config) {
    this.config = config;
  }

  /**
   * Refuses a runner outside the operator's policy. Templates are checked when a version is made; this is the
   * check at the one place a Job is built, for versions recorded under an older, looser policy.
   */
  public void checkAllowed(RunnerSpec runner) {
    List<String> violations = config.runnerPolicy().violations(runner);
    if (!violations.isEmpty()) {
      throw new RunnerNotAllowedException(violations);
    }
  }

  public Job build(BuildRequest request, String jobName, String varsSecretName) {
    Workspace ws = request.workspace();
    RunnerSpec runner = request.snapshot().runner() == null ? new RunnerSpec() : request.snapshot().runner();
    checkAllowed(runner);
    Map<String, String> labels = new LinkedHashMap<>(Labels.forWorkspace(request.workspaceName(), request.workspaceUid()));
    labels.put(Labels.COMPONENT, Labels.RUNNER_COMPONENT);
    labels.put(Labels.BUILD, String.valueOf(request.build().getNumber()));
    labels.put(Labels.TRANSITION, request.build().getTransition().wireName());
    String binary = runner.getBinary() == null ? config.terraformBinary() : runner.getBinary();
    return new JobBuilder()
        .withNewMetadata()
          .withName(jobName)
          .withNamespace(request.namespace())
          .withLabels(labels)
          .withOwnerReferences(new OwnerReferenceBuilder()
              .withApiVersion(ws.getApiVersion()).withKind(ws.getKind())
              .withName(ws.getMetadata().getName()).withUid(ws.getMetadata().getUid())
              .withController(true).withBlockOwnerDeletion(true).build())
        .endMetadata()
        .withNewSpec()
          // One attempt: a failed apply is reported to the user, not silently retried against half-made resources.
          .withBackoffLimit(0)
          .withActiveDeadlineSeconds(config.buildTimeout().toSeconds())
          .withTtlSecondsAfterFinished((int) config.finishedJobTtl().toSeconds())
          .withNewTemplate()
            .withNewMetadata().withLabels(labels).endMetadata()
            .withNewSpec()
              .withRestartPolicy("Never")
              .withServiceAccountName(runner.getServiceAccountName() == null ? RUNNER_SERVICE_ACCOUNT
                  : runner.getServiceAccountName())
              .withNewSecurityContext()
                .withRunAsNonRoot(true).withRunAsUser(RUNNER_UID).withRunAsGroup(RUNNER_UID).withFsGroup(RUNNER_UID)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
              .endSecurityContext()
              .addNewContainer()
                .withName(CONTAINER)
                .withImage(runner.getImage() == null ? config.terraformImage() : runner.getImage())
                .withImagePullPolicy(runner.getImagePullPolicy() != null ? runner.getImagePullPolicy()
                    : config.terraformImagePullPolicy())
                .withCommand("/bin/sh", "-ec", script(binary, request.build().getTransition()))
                .withWorkingDir("/workspace")
                .withEnv(env(runner))
                .withResources(resources(runner))
                // On failure the last lines of the log become the termination message: the log tail survives
                // even when pod logs are gone or not readable.
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withNewSecurityContext()
                  .withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true).withRunAsNonRoot(true)
                  .withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext()
                .addNewVolumeMount().withName("template").withMountPath("/kubicle/template").withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName("build").withMountPath("/kubicle/build").withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName("workspace").withMountPath("/workspace").endVolumeMount()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
              .endContainer()
              .addNewVolume().withName("template").withNewConfigMap().withName(request.snapshot().snapshotName())
                .endConfigMap().endVolume()
              .addNewVolume().withName("build").withNewSecret().withSecretName(varsSecretName).endSecret().endVolume()
              .addNewVolume().withName("workspace").withNewEmptyDir().endEmptyDir().endVolume()
              .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
            .endSpec()
          .endTemplate()
        .endSpec()
        .build();
  }

  /** Copies the read-only inputs to a writable root module (Terraform writes .terraform/ there) and runs it. */
  static String script(String binary, BuildTransition transition) {
    String action = transition == BuildTransition.DELETE ? "destroy" : "apply";
    // Dotfiles count (.terraform.lock.hcl pins providers); the projected volume's ..data entries and Kubicle's own
    // metadata do not.
    return String.join("\n",
        "for f in /kubicle/template/* /kubicle/template/.[!.]*; do",
        "  if [ -f \"$f\" ] && [ \"${f##*/}\" != \"" + TemplateFiles.SNAPSHOT_METADATA + "\" ]; then cp -L \"$f\" /workspace/; fi",
        "done",
        "cp -L /kubicle/build/* /workspace/",
        "echo \"kubicle: " + binary + " init\"",
        binary + " init -input=false -no-color",
        "echo \"kubicle: " + binary + " " + action + "\"",
        binary + " " + action + " -auto-approve -input=false -no-color");
  }

  private static List<EnvVar> env(RunnerSpec runner) {
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVarBuilder().withName("HOME").withValue("/tmp").build());
    env.add(new EnvVarBuilder().withName("TF_IN_AUTOMATION").withValue("1").build());
    env.add(new EnvVarBuilder().withName("TF_INPUT").withValue("0").build());
    if (runner.getEnv() != null) {
      env.addAll(runner.getEnv());
    }
    return env;
  }

  private static ResourceRequirements resources(RunnerSpec runner) {
    if (runner.getResources() != null) {
      return runner.getResources();
    }
    return new ResourceRequirementsBuilder()
        .addToRequests("cpu", new Quantity("100m"))
        .addToRequests("memory", new Quantity("256Mi"))
        .addToLimits("memory", new Quantity("1Gi"))
        .build();
  }
}
