package dev.kubicle.operator.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubicle.api.v1alpha1.RunnerSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** What a template's runner may ask for, as a table: defaults always, anything else only when listed. */
class RunnerPolicyTest {
  private static final String DEFAULT_IMAGE = "hashicorp/terraform:1.11";
  private static final Map<String, String> CONFIGURED = Map.of(
      RunnerPolicy.IMAGES_VARIABLE, "hashicorp/terraform:*, ghcr.io/opentofu/opentofu:1.8.8",
      RunnerPolicy.SERVICE_ACCOUNTS_VARIABLE, "cloud-builder",
      RunnerPolicy.SECRETS_VARIABLE, "aws-credentials");

  static Stream<Arguments> table() {
    return Stream.of(
        // policy env, runner, expected violation (null: allowed)
        Arguments.of(Map.of(), runner(null, null), null),
        Arguments.of(Map.of(), runner(DEFAULT_IMAGE, "kubicle-runner"), null),
        Arguments.of(Map.of(), runner("evil/img:1", null),
            "spec.runner.image: \"evil/img:1\" is not allowed; the operator allows hashicorp/terraform:1.11 "
                + "(KUBICLE_RUNNER_ALLOWED_IMAGES)"),
        Arguments.of(Map.of(), runner("hashicorp/terraform:1.12", null), "spec.runner.image: \"hashicorp/terraform:1.12\""),
        Arguments.of(Map.of(), runner(null, "kubicle-operator"),
            "spec.runner.serviceAccountName: \"kubicle-operator\" is not allowed; the operator allows kubicle-runner "
                + "(KUBICLE_RUNNER_ALLOWED_SERVICE_ACCOUNTS)"),
        Arguments.of(Map.of(), runner(null, null, secretEnv("TOKEN", "alice-agent-token")),
            "spec.runner.env[0].valueFrom.secretKeyRef.name: \"alice-agent-token\" is not allowed; the operator "
                + "allows none (KUBICLE_RUNNER_ALLOWED_SECRETS)"),
        Arguments.of(Map.of(), runner(null, null, plainEnv("TF_LOG", "DEBUG")), null),
        Arguments.of(CONFIGURED, runner("hashicorp/terraform:1.12", null), null),
        Arguments.of(CONFIGURED, runner(DEFAULT_IMAGE, null), null),
        Arguments.of(CONFIGURED, runner("ghcr.io/opentofu/opentofu:1.8.8", "cloud-builder"), null),
        Arguments.of(CONFIGURED, runner("ghcr.io/opentofu/opentofu:1.8.9", null),
            "the operator allows hashicorp/terraform:1.11, hashicorp/terraform:*, ghcr.io/opentofu/opentofu:1.8.8"),
        // A prefix is a prefix: "hashicorp/terraform:*" does not reach another repository.
        Arguments.of(CONFIGURED, runner("hashicorp/terraform-evil:1", null), "spec.runner.image"),
        Arguments.of(CONFIGURED, runner(null, "kubicle-operator"),
            "the operator allows cloud-builder, kubicle-runner (KUBICLE_RUNNER_ALLOWED_SERVICE_ACCOUNTS)"),
        Arguments.of(CONFIGURED, runner(null, null, plainEnv("A", "b"), secretEnv("AWS", "aws-credentials")), null),
        Arguments.of(CONFIGURED, runner(null, null, plainEnv("A", "b"), secretEnv("AWS", "bob-agent-token")),
            "spec.runner.env[1].valueFrom.secretKeyRef.name: \"bob-agent-token\" is not allowed; the operator "
                + "allows aws-credentials (KUBICLE_RUNNER_ALLOWED_SECRETS)"));
  }

  @ParameterizedTest
  @MethodSource("table")
  void runnerIsAllowedOnlyInsideThePolicy(Map<String, String> env, RunnerSpec runner, String expected) {
    List<String> violations = RunnerPolicy.fromEnvironment(env, DEFAULT_IMAGE).violations(runner);
    if (expected == null) {
      assertThat(violations).isEmpty();
    } else {
      assertThat(violations).singleElement().asString().contains(expected);
    }
  }

  @Test
  void everyViolationIsReportedAtOnce() {
    RunnerSpec runner = runner("evil/img:1", "kubicle-operator", secretEnv("T", "co-tenant"));
    assertThat(RunnerPolicy.defaults(DEFAULT_IMAGE).violations(runner)).hasSize(3);
  }

  @Test
  void noRunnerMeansTheDefaultsAndIsAllowed() {
    assertThat(RunnerPolicy.defaults(DEFAULT_IMAGE).violations(null)).isEmpty();
  }

  @Test
  void badListsAreRefusedNamingTheirVariable() {
    assertThatThrownBy(() -> RunnerPolicy.fromEnvironment(Map.of(RunnerPolicy.IMAGES_VARIABLE, "*"), DEFAULT_IMAGE))
        .hasMessageStartingWith("KUBICLE_RUNNER_ALLOWED_IMAGES: \"*\"");
    assertThatThrownBy(() -> RunnerPolicy.fromEnvironment(
        Map.of(RunnerPolicy.IMAGES_VARIABLE, "ghcr.io/*/terraform:1"), DEFAULT_IMAGE))
        .hasMessageStartingWith("KUBICLE_RUNNER_ALLOWED_IMAGES: \"ghcr.io/*/terraform:1\" has a '*' before its end");
    assertThatThrownBy(() -> RunnerPolicy.fromEnvironment(
        Map.of(RunnerPolicy.SERVICE_ACCOUNTS_VARIABLE, "build-*"), DEFAULT_IMAGE))
        .hasMessageStartingWith("KUBICLE_RUNNER_ALLOWED_SERVICE_ACCOUNTS: \"build-*\" is a pattern");
    assertThatThrownBy(() -> RunnerPolicy.fromEnvironment(Map.of(RunnerPolicy.SECRETS_VARIABLE, "*"), DEFAULT_IMAGE))
        .hasMessageStartingWith("KUBICLE_RUNNER_ALLOWED_SECRETS:");
  }

  static RunnerSpec runner(String image, String serviceAccount, EnvVar... env) {
    RunnerSpec runner = new RunnerSpec();
    runner.setImage(image);
    runner.setServiceAccountName(serviceAccount);
    runner.setEnv(List.of(env));
    return runner;
  }

  static EnvVar secretEnv(String name, String secret) {
    return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef().withName(secret)
        .withKey("token").endSecretKeyRef().endValueFrom().build();
  }

  private static EnvVar plainEnv(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }
}
