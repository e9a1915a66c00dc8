package dev.kubicle.api.validation;

import static dev.kubicle.api.validation.Texts.quote;

import dev.kubicle.api.v1alpha1.ProvisionerType;
import dev.kubicle.api.v1alpha1.RunnerSpec;
import dev.kubicle.api.v1alpha1.TemplateLifecycle;
import dev.kubicle.api.v1alpha1.TemplateSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Validates a Template's spec (files, parameters, lifecycle, runner), reporting every problem at once. */
public final class TemplateValidator {
  public static final Set<String> BINARIES = Set.of("terraform", "tofu");

  private TemplateValidator() {}

  /**
   * @param configMapFileNames the keys of the ConfigMap named by spec.configMapRef, loaded by the caller
   *     (empty when there is none); validation itself never calls the API server
   */
  public static ValidationResult validate(TemplateSpec spec, Set<String> configMapFileNames) {
    if (spec == null) {
      return ValidationResult.of(List.of(new Problem("spec", "is required")));
    }
    List<Problem> problems = new ArrayList<>();
    checkFiles(spec, configMapFileNames == null ? Set.of() : configMapFileNames, problems);
    if (spec.getParameters() != null) {
      new ParameterDefinitions(problems).check(spec.getParameters());
    }
    checkLifecycle(spec.getLifecycle(), problems);
    checkRunner(spec.getRunner(), problems);
    AgentSettingsValidator.check(spec.getAgent(), problems);
    return ValidationResult.of(problems);
  }

  private static void checkFiles(TemplateSpec spec, Set<String> configMapFileNames, List<Problem> problems) {
    boolean hasTerraformFile = false;
    Map<String, String> inline = spec.getFiles() == null ? Map.of() : spec.getFiles();
    for (String name : inline.keySet()) {
      Optional<String> problem = TemplateFiles.nameProblem(name);
      problem.ifPresent(m -> problems.add(new Problem("spec.files[" + name + "]", m)));
      hasTerraformFile |= problem.isEmpty() && TemplateFiles.isTerraformFile(name);
    }
    // Sorted so the report does not depend on the order the caller's set happens to iterate in.
    for (String name : new TreeSet<>(configMapFileNames)) {
      Optional<String> problem = TemplateFiles.nameProblem(name);
      problem.ifPresent(m -> problems.add(new Problem("spec.configMapRef", "ConfigMap key " + m)));
      hasTerraformFile |= problem.isEmpty() && TemplateFiles.isTerraformFile(name);
    }
    boolean echo = spec.getProvisioner() == ProvisionerType.ECHO;
    if (echo && !inline.containsKey("echo.json") && !configMapFileNames.contains("echo.json")) {
      problems.add(new Problem("spec.files", "an echo template plays back echo.json: add it to spec.files"));
    }
    // Only the terraform provisioner runs Terraform; echo and local templates need no root module.
    boolean terraform = spec.getProvisioner() == null || spec.getProvisioner() == ProvisionerType.TERRAFORM;
    if (!hasTerraformFile && terraform) {
      String where = spec.getConfigMapRef() == null ? "spec.files"
          : "spec.files or to the ConfigMap " + quote(String.valueOf(spec.getConfigMapRef().getName()));
      problems.add(new Problem("spec.files", "the root module has no Terraform file: add a file ending in .tf or "
          + ".tf.json to " + where));
    }
  }

  private static void checkLifecycle(TemplateLifecycle lifecycle, List<Problem> problems) {
    if (lifecycle == null) {
      return;
    }
    Map<String, String> durations = new LinkedHashMap<>();
    durations.put("defaultTtl", lifecycle.getDefaultTtl());
    durations.put("activityBump", lifecycle.getActivityBump());
    durations.put("maxLifetime", lifecycle.getMaxLifetime());
    durations.put("failureTtl", lifecycle.getFailureTtl());
    durations.put("timeTilDormant", lifecycle.getTimeTilDormant());
    durations.put("timeTilDormantAutodelete", lifecycle.getTimeTilDormantAutodelete());
    durations.put("agentConnectionTimeout", lifecycle.getAgentConnectionTimeout());
    durations.forEach((field, text) -> Durations.check("spec.lifecycle." + field, text).ifPresent(problems::add));
  }

  private static void checkRunner(RunnerSpec runner, List<Problem> problems) {
    if (runner == null || runner.getBinary() == null || BINARIES.contains(runner.getBinary())) {
      return;
    }
    problems.add(new Problem("spec.runner.binary", quote(runner.getBinary()) + " is not supported: use terraform or tofu"));
  }
}
