package dev.kubicle.operator.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubicle.api.v1alpha1.BuildPhase;
import dev.kubicle.api.v1alpha1.BuildRecord;
import dev.kubicle.api.v1alpha1.BuildTransition;
import dev.kubicle.api.v1alpha1.ProvisionerType;
import dev.kubicle.api.v1alpha1.RunnerSpec;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.OperatorConfig;
import dev.kubicle.operator.support.OperatorHarness;
import dev.kubicle.operator.template.TemplateSnapshot;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build Job: hardened, deterministic, and a runner script that really runs under /bin/sh. */
class RunnerJobFactoryTest {
  private final RunnerJobFactory factory = new RunnerJobFactory(OperatorConfig.forTests());

  @Test
  void runnerPodIsHardenedAndRunsOnceWithItsOwnServiceAccount() {
    Job job = factory.build(request(BuildTransition.START, null), "ws-b1", "ws-b1-vars");

    assertThat(job.getSpec().getBackoffLimit()).isZero();
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).isPositive();
    assertThat(job.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getController()).isTrue());
    var pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("kubicle-runner");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    Container c = pod.getContainers().get(0);
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(c.getImage()).isEqualTo(OperatorConfig.DEFAULT_TERRAFORM_IMAGE);
    assertThat(c.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
    assertThat(c.getVolumeMounts()).filteredOn(m -> !Boolean.TRUE.equals(m.getReadOnly()))
        .extracting(m -> m.getMountPath()).containsExactlyInAnyOrder("/workspace", "/tmp");
  }

  @Test
  void templateRunnerSettingsChooseImageBinaryAndServiceAccount() {
    RunnerSpec runner = new RunnerSpec();
    runner.setImage("ghcr.io/opentofu/opentofu:1.8.8");
    runner.setBinary("tofu");
    runner.setServiceAccountName("cloud-builder");
    RunnerJobFactory factory = new RunnerJobFactory(OperatorConfig.forTests().withRunnerPolicy(
        RunnerPolicy.fromEnvironment(Map.of(RunnerPolicy.IMAGES_VARIABLE, "ghcr.io/opentofu/opentofu:*",
            RunnerPolicy.SERVICE_ACCOUNTS_VARIABLE, "cloud-builder"), OperatorConfig.DEFAULT_TERRAFORM_IMAGE)));
    Job job = factory.build(request(BuildTransition.DELETE, runner), "ws-b3", "ws-b3-vars");

    var pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("cloud-builder");
    assertThat(pod.getContainers().get(0).getImage()).isEqualTo("ghcr.io/opentofu/opentofu:1.8.8");
    assertThat(String.join(" ", pod.getContainers().get(0).getCommand())).contains("tofu destroy -auto-approve");
  }

  /*
   * Attack (issue 13, hole 5): a template author names the operator's own service account, an image of their own,
   * or a co-tenant's Secret in spec.runner, and the operator builds the Job with it. On main before this change
   * build() returned that Job; now no Job is built, whatever version recorded the runner.
   */
  @Test
  void runnerWithTheOperatorsServiceAccountGetsNoJob() {
    RunnerSpec runner = new RunnerSpec();
    runner.setServiceAccountName("kubicle-operator");
    assertThatThrownBy(() -> factory.build(request(BuildTransition.START, runner), "ws-b1", "ws-b1-vars"))
        .isInstanceOf(RunnerNotAllowedException.class)
        .hasMessageContaining("spec.runner.serviceAccountName: \"kubicle-operator\" is not allowed; the operator "
            + "allows kubicle-runner (KUBICLE_RUNNER_ALLOWED_SERVICE_ACCOUNTS)");
  }

  @Test
  void runnerWithAnImageOfTheAuthorsOwnGetsNoJob() {
    RunnerSpec runner = new RunnerSpec();
    runner.setImage("evil/img:1");
    assertThatThrownBy(() -> factory.build(request(BuildTransition.START, runner), "ws-b1", "ws-b1-vars"))
        .isInstanceOf(RunnerNotAllowedException.class)
        .hasMessageContaining("spec.runner.image: \"evil/img:1\" is not allowed; the operator allows "
            + OperatorConfig.DEFAULT_TERRAFORM_IMAGE + " (KUBICLE_RUNNER_ALLOWED_IMAGES)");
  }

  @Test
  void runnerWithEnvFromACoTenantsSecretGetsNoJob() {
    RunnerSpec runner = RunnerPolicyTest.runner(null, null, RunnerPolicyTest.secretEnv("STOLEN", "bob-agent-token"));
    assertThatThrownBy(() -> factory.build(request(BuildTransition.DELETE, runner), "ws-b1", "ws-b1-vars"))
        .isInstanceOf(RunnerNotAllowedException.class)
        .hasMessageContaining("spec.runner.env[0].valueFrom.secretKeyRef.name: \"bob-agent-token\"")
        .hasMessageContaining("KUBICLE_RUNNER_ALLOWED_SECRETS");
  }

  @Test
  void runnerScriptCopiesTheModuleAndStopsAtTheFirstFailure(@TempDir Path dir) throws Exception {
    Path template = Files.createDirectories(dir.resolve("kubicle/template/..2026_data"));
    Files.writeString(template.resolve("main.tf"), "resource {}\n");
    Files.createSymbolicLink(dir.resolve("kubicle/template/main.tf"), Path.of("..2026_data/main.tf"));
    Files.writeString(dir.resolve("kubicle/template/.terraform.lock.hcl"), "lock\n");
    Files.writeString(dir.resolve("kubicle/template/.kubicle-template.json"), "{}\n");
    Files.createDirectories(dir.resolve("kubicle/build"));
    Files.writeString(dir.resolve("kubicle/build/kubicle.auto.tfvars.json"), "{}\n");
    Path work = Files.createDirectories(dir.resolve("workspace"));
    Path calls = dir.resolve("calls");
    Path fake = dir.resolve("bin/terraform");
    Files.createDirectories(fake.getParent());
    // Test double for terraform: records its arguments; "apply" fails when FAIL_APPLY is set.
    Files.writeString(fake, "#!/bin/sh\necho \"$@\" >> " + calls + "\n"
        + "if [ \"$1\" = apply ] && [ -n \"$FAIL_APPLY\" ]; then echo 'Error: boom' >&2; exit 1; fi\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));

    String script = RunnerJobFactory.script("terraform", BuildTransition.START)
        .replace("/kubicle/", dir + "/kubicle/").replace("/workspace", work.toString());
    assertThat(run(script, dir, false)).isZero();
    assertThat(Files.readAllLines(calls)).containsExactly(
        "init -input=false -no-color", "apply -auto-approve -input=false -no-color");
    try (var files = Files.list(work)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("main.tf", ".terraform.lock.hcl", "kubicle.auto.tfvars.json");
    }

    Files.delete(calls);
    assertThat(run(script, dir, true)).isNotZero();
    assertThat(Files.readAllLines(calls)).hasSize(2);
  }

  private static int run(String script, Path dir, boolean failApply) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-ec", script).redirectErrorStream(true);
    pb.environment().put("PATH", dir.resolve("bin") + ":/usr/bin:/bin");
    if (failApply) {
      pb.environment().put("FAIL_APPLY", "1");
    }
    Process p = pb.start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }

  private static BuildRequest request(BuildTransition transition, RunnerSpec runner) {
    Workspace ws = OperatorHarness.workspace("ws", "dev", Map.of());
    ws.getMetadata().setUid("0000-uid");
    BuildRecord build = new BuildRecord();
    build.setNumber(1L);
    build.setTransition(transition);
    build.setPhase(BuildPhase.Pending);
    TemplateSnapshot snapshot = new TemplateSnapshot("dev", "abc123", "dev-v-abc123", Map.of("main.tf", ""),
        List.of(), runner, ProvisionerType.TERRAFORM, null);
    return new BuildRequest(ws, build, snapshot, Map.of());
  }
}
