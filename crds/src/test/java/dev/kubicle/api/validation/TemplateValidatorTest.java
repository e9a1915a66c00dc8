package dev.kubicle.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubicle.api.v1alpha1.AgentApp;
import dev.kubicle.api.v1alpha1.AgentMetadata;
import dev.kubicle.api.v1alpha1.ConfigMapSource;
import dev.kubicle.api.v1alpha1.TemplateAgent;
import dev.kubicle.api.v1alpha1.ProvisionerType;
import dev.kubicle.api.v1alpha1.RunnerSpec;
import dev.kubicle.api.v1alpha1.TemplateLifecycle;
import dev.kubicle.api.v1alpha1.TemplateSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Files, lifecycle and runner rules of TemplateValidator; parameter declarations are in TemplateParametersTest. */
class TemplateValidatorTest {
  @Test
  void minimalTemplateWithOneTerraformFileIsValid() {
    assertThat(TemplateValidator.validate(spec(Map.of("main.tf", "")), Set.of()).isValid()).isTrue();
  }

  @Test
  void missingSpecIsReported() {
    assertThat(TemplateValidator.validate(null, Set.of()).summary()).isEqualTo("spec: is required");
  }

  @Test
  void templateWithoutTerraformFileIsReported() {
    ValidationResult result = TemplateValidator.validate(spec(Map.of("README.md", "hi")), Set.of());
    assertThat(result.problems()).containsExactly(new Problem("spec.files",
        "the root module has no Terraform file: add a file ending in .tf or .tf.json to spec.files"));
  }

  @Test
  void echoTemplateNeedsItsScriptInsteadOfTerraformFiles() {
    TemplateSpec echo = spec(Map.of("echo.json", "{}"));
    echo.setProvisioner(ProvisionerType.ECHO);
    assertThat(TemplateValidator.validate(echo, Set.of()).isValid()).isTrue();
    echo.setFiles(Map.of("README.md", "hi"));
    assertThat(TemplateValidator.validate(echo, Set.of()).problems()).containsExactly(new Problem("spec.files",
        "an echo template plays back echo.json: add it to spec.files"));
  }

  @Test
  void overrideAndAutoTfvarsFilesAreRejectedByName() {
    ValidationResult result = TemplateValidator.validate(spec(Map.of("main.tf", "", "main_override.tf", "",
        "zz.auto.tfvars", "")), Set.of());
    assertThat(result.summary()).contains("spec.files[main_override.tf]: \"main_override.tf\" is a Terraform "
        + "override file").contains("spec.files[zz.auto.tfvars]: \"zz.auto.tfvars\" is an auto tfvars file");
  }

  @Test
  void agentSectionProblemsAreNamedByField() {
    TemplateSpec spec = spec(Map.of("main.tf", ""));
    TemplateAgent agent = new TemplateAgent();
    agent.setStartupTimeout("soon");
    AgentMetadata load = new AgentMetadata();
    load.setKey("load");
    load.setScript("cat /proc/loadavg");
    AgentMetadata again = new AgentMetadata();
    again.setKey("load");
    agent.setMetadata(java.util.List.of(load, again));
    AgentApp app = new AgentApp();
    app.setSlug("VS Code");
    agent.setApps(java.util.List.of(app));
    spec.setAgent(agent);

    assertThat(TemplateValidator.validate(spec, Set.of()).problems()).extracting(Problem::field).containsExactly(
        "spec.agent.startupTimeout", "spec.agent.metadata[1].key", "spec.agent.metadata[1].script",
        "spec.agent.apps[0].slug");
  }

  @Test
  void terraformFileFromTheConfigMapCounts() {
    TemplateSpec spec = spec(Map.of());
    spec.setConfigMapRef(new ConfigMapSource("dev-template"));
    assertThat(TemplateValidator.validate(spec, Set.of("main.tf.json")).isValid()).isTrue();
    assertThat(TemplateValidator.validate(spec, Set.of()).problems()).containsExactly(new Problem("spec.files",
        "the root module has no Terraform file: add a file ending in .tf or .tf.json to spec.files "
            + "or to the ConfigMap \"dev-template\""));
  }

  @Test
  void fileNameWithSlashIsReportedAndDoesNotCountAsRootFile() {
    ValidationResult result = TemplateValidator.validate(spec(Map.of("modules/main.tf", "")), Set.of());
    assertThat(result.problems()).containsExactly(
        new Problem("spec.files[modules/main.tf]", "\"modules/main.tf\" contains '/': the root module is one flat "
            + "directory; move nested modules to a module source (registry or Git) and reference them from the root "
            + "module"),
        new Problem("spec.files",
            "the root module has no Terraform file: add a file ending in .tf or .tf.json to spec.files"));
  }

  @Test
  void fileNameBreakingConfigMapKeyRulesIsReported() {
    ValidationResult result = TemplateValidator.validate(spec(Map.of("main.tf", "", "my file.tf", "")), Set.of());
    assertThat(result.problems()).containsExactly(new Problem("spec.files[my file.tf]", "\"my file.tf\" is not a "
        + "valid file name: use at most 253 letters, digits, '-', '_' and '.' (the rule for ConfigMap keys)"));
  }

  @Test
  void fileNameStartingWithTwoDotsIsReported() {
    ValidationResult result = TemplateValidator.validate(spec(Map.of("main.tf", "", "..tf", "")), Set.of());
    assertThat(result.summary())
        .isEqualTo("spec.files[..tf]: \"..tf\" is not a valid file name: it must not be '.' or start with '..'");
  }

  @Test
  void kubicleGeneratedFileNamesAreReservedInlineAndInTheConfigMap() {
    TemplateSpec spec = spec(Map.of("main.tf", "", "kubicle_override.tf.json", "{}"));
    spec.setConfigMapRef(new ConfigMapSource("files"));
    ValidationResult result = TemplateValidator.validate(spec, Set.of("kubicle.auto.tfvars.json"));
    assertThat(result.problems()).containsExactly(
        new Problem("spec.files[kubicle_override.tf.json]", "\"kubicle_override.tf.json\" is reserved: Kubicle "
            + "writes this file into every build; rename yours"),
        new Problem("spec.configMapRef", "ConfigMap key \"kubicle.auto.tfvars.json\" is reserved: Kubicle writes "
            + "this file into every build; rename yours"));
  }

  @Test
  void invalidLifecycleDurationsAreEachReportedByField() {
    TemplateSpec spec = spec(Map.of("main.tf", ""));
    TemplateLifecycle lifecycle = new TemplateLifecycle();
    lifecycle.setDefaultTtl("8 hours");
    lifecycle.setActivityBump("1h");
    lifecycle.setMaxLifetime("-1h");
    lifecycle.setTimeTilDormantAutodelete("30d");
    spec.setLifecycle(lifecycle);
    ValidationResult result = TemplateValidator.validate(spec, Set.of());
    assertThat(result.problems()).extracting(Problem::field).containsExactly(
        "spec.lifecycle.defaultTtl", "spec.lifecycle.maxLifetime", "spec.lifecycle.timeTilDormantAutodelete");
    assertThat(result.problems().get(1).message()).isEqualTo("\"-1h\" must not be negative");
  }

  @Test
  void validLifecycleDurationsPass() {
    TemplateSpec spec = spec(Map.of("main.tf", ""));
    TemplateLifecycle lifecycle = new TemplateLifecycle();
    lifecycle.setDefaultTtl("8h");
    lifecycle.setActivityBump("0");
    lifecycle.setFailureTtl("168h");
    lifecycle.setAgentConnectionTimeout("120s");
    spec.setLifecycle(lifecycle);
    assertThat(TemplateValidator.validate(spec, Set.of()).isValid()).isTrue();
  }

  @Test
  void runnerBinaryMustBeTerraformOrTofu() {
    TemplateSpec spec = spec(Map.of("main.tf", ""));
    spec.setRunner(new RunnerSpec());
    spec.getRunner().setBinary("tofu");
    assertThat(TemplateValidator.validate(spec, Set.of()).isValid()).isTrue();
    spec.getRunner().setBinary("opentofu");
    assertThat(TemplateValidator.validate(spec, Set.of()).summary())
        .isEqualTo("spec.runner.binary: \"opentofu\" is not supported: use terraform or tofu");
  }

  static TemplateSpec spec(Map<String, String> files) {
    TemplateSpec spec = new TemplateSpec();
    spec.setFiles(new LinkedHashMap<>(files));
    return spec;
  }
}
