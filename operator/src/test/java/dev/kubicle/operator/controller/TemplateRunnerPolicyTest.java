package dev.kubicle.operator.controller;

import static dev.kubicle.operator.support.OperatorHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubicle.api.v1alpha1.RunnerSpec;
import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.operator.OperatorConfig;
import dev.kubicle.operator.kube.Conditions;
import dev.kubicle.operator.kube.EventReason;
import dev.kubicle.operator.provision.RunnerPolicy;
import dev.kubicle.operator.provision.RunnerPolicyCounters;
import dev.kubicle.operator.support.JobSimulator;
import dev.kubicle.operator.support.OperatorHarness;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Attacks by a template author on the runner (issue 13, hole 5), with the real operator against the mock API. On
 * main before this change each template became a valid version and its workspace's build Job ran with the asked-for
 * service account, image or Secret; now the template is invalid, no version is made and no Job is ever created.
 */
class TemplateRunnerPolicyTest {
  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness = OperatorHarness.start(OperatorConfig.forTests(), null);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void templateAuthorAskingForTheOperatorsServiceAccountGetsAnInvalidTemplateAndNoJob() {
    RunnerSpec runner = new RunnerSpec();
    runner.setServiceAccountName("kubicle-operator");
    attack("sa", runner, "spec.runner.serviceAccountName: \"kubicle-operator\" is not allowed; the operator allows "
        + "kubicle-runner (KUBICLE_RUNNER_ALLOWED_SERVICE_ACCOUNTS)");
  }

  @Test
  void templateAuthorRunningAnImageOfTheirOwnGetsAnInvalidTemplateAndNoJob() {
    RunnerSpec runner = new RunnerSpec();
    runner.setImage("evil/img:1");
    attack("image", runner, "spec.runner.image: \"evil/img:1\" is not allowed; the operator allows "
        + OperatorConfig.DEFAULT_TERRAFORM_IMAGE + " (KUBICLE_RUNNER_ALLOWED_IMAGES)");
  }

  @Test
  void templateAuthorReadingACoTenantsSecretThroughRunnerEnvGetsAnInvalidTemplateAndNoJob() {
    RunnerSpec runner = new RunnerSpec();
    runner.setEnv(List.of(new EnvVarBuilder().withName("STOLEN").withNewValueFrom().withNewSecretKeyRef()
        .withName("bob-agent-token").withKey("token").endSecretKeyRef().endValueFrom().build()));
    attack("secret", runner, "spec.runner.env[0].valueFrom.secretKeyRef.name: \"bob-agent-token\" is not allowed; "
        + "the operator allows none (KUBICLE_RUNNER_ALLOWED_SECRETS)");
  }

  /*
   * Defence in depth: a version recorded while the policy allowed its image (an admin since tightened
   * KUBICLE_RUNNER_ALLOWED_IMAGES) builds no Job; the build fails naming the field and the variable. On main before
   * this change the Job was created with the image.
   */
  @Test
  void versionRecordedUnderALooserPolicyBuildsNoJobOnceThePolicyTightened() {
    harness.close();
    OperatorConfig loose = OperatorConfig.forTests().withRunnerPolicy(RunnerPolicy.fromEnvironment(
        Map.of(RunnerPolicy.IMAGES_VARIABLE, "evil/*"), OperatorConfig.DEFAULT_TERRAFORM_IMAGE));
    harness = OperatorHarness.start(loose, null);
    try (JobSimulator jobs = new JobSimulator(harness.client())) {
      jobs.script(job -> JobSimulator.Outcome.SUCCEED);
      RunnerSpec runner = new RunnerSpec();
      runner.setImage("evil/img:1");
      Template t = OperatorHarness.terraformTemplate("loose");
      t.getSpec().setRunner(runner);
      harness.createTemplate(t);
      await().atMost(Duration.ofSeconds(20)).until(() -> harness.template("loose").getStatus() != null
          && harness.template("loose").getStatus().getLatestVersion() != null);

      harness.restartOperator(OperatorConfig.forTests());
      harness.createWorkspace(OperatorHarness.workspace("late", "loose", Map.of()));

      Workspace failed = harness.awaitPhase("late", WorkspacePhase.Failed);
      assertThat(failed.getStatus().getMessage()).contains("spec.runner.image: \"evil/img:1\" is not allowed; "
          + "the operator allows " + OperatorConfig.DEFAULT_TERRAFORM_IMAGE + " (KUBICLE_RUNNER_ALLOWED_IMAGES)");
      assertThat(jobs.jobs()).isEmpty();
      assertThat(harness.operator().metrics().value(RunnerPolicyCounters.REFUSED, "at", "build")).isPositive();
      assertThat(harness.client().batch().v1().jobs().inNamespace(NS).list().getItems()).isEmpty();
    }
  }

  private void attack(String name, RunnerSpec runner, String expected) {
    Template t = OperatorHarness.terraformTemplate(name);
    t.getSpec().setRunner(runner);
    harness.createTemplate(t);
    harness.createWorkspace(OperatorHarness.workspace(name + "-ws", name, Map.of()));

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Template seen = harness.template(name);
      var valid = Conditions.find(seen.getStatus().getConditions(), "Valid").orElseThrow(AssertionError::new);
      assertThat(valid.getStatus()).isEqualTo("False");
      assertThat(valid.getMessage()).contains(expected);
    });
    assertThat(harness.template(name).getStatus().getVersions()).isEmpty();
    assertThat(harness.operator().metrics().value(RunnerPolicyCounters.REFUSED, "at", "template")).isPositive();
    await().atMost(Duration.ofSeconds(20)).until(() -> harness.client().v1().events().inNamespace(NS).list()
        .getItems().stream().anyMatch(e -> e.getReason().equals(EventReason.TemplateInvalid.name())
            && "Warning".equals(e.getType()) && e.getInvolvedObject().getName().equals(name)
            && e.getMessage().contains(expected)));
    // The workspace has been reconciled against the invalid template (it waits for a valid version).
    await().atMost(Duration.ofSeconds(20)).until(() -> harness.workspace(name + "-ws").getStatus() != null
        && String.valueOf(harness.workspace(name + "-ws").getStatus().getMessage()).contains("no valid version"));
    assertThat(harness.client().batch().v1().jobs().inNamespace(NS).list().getItems()).isEmpty();
  }
}
