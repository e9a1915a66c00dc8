package dev.kubicle.api.validation;

import static dev.kubicle.api.validation.Params.ephemeral;
import static dev.kubicle.api.validation.Params.monotonic;
import static dev.kubicle.api.validation.Params.mutable;
import static dev.kubicle.api.validation.Params.number;
import static dev.kubicle.api.validation.Params.param;
import static dev.kubicle.api.validation.Params.string;
import static dev.kubicle.api.validation.Params.withOptions;
import static dev.kubicle.api.validation.Params.withRegex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubicle.api.v1alpha1.Monotonic;
import dev.kubicle.api.v1alpha1.ParameterType;
import dev.kubicle.api.v1alpha1.TemplateParameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterValidatorTest {
  private static final List<TemplateParameter> TEMPLATE = List.of(
      withOptions(string("region", "eu"), "eu", "us"),
      mutable(number("cpu", "2", 1L, 8L)),
      param("docker", ParameterType.BOOL, "false"),
      param("repos", ParameterType.LIST_OF_STRING, "[]"),
      string("project", null));

  @Test
  void valuesOfEveryTypePass() {
    assertThat(ParameterValidator.validate(TEMPLATE, Map.of("region", "us", "cpu", "4.5", "docker", "true",
        "repos", "[\"kubicle\"]", "project", "x"), null).isValid()).isTrue();
  }

  @Test
  void unknownParameterIsReportedWithTheKnownOnes() {
    assertThat(validate(Map.of("project", "x", "zone", "b"))).containsExactly(new Problem("spec.parameters.zone",
        "unknown parameter \"zone\": the template's parameters are region, cpu, docker, repos, project"));
    assertThat(ParameterValidator.validate(List.of(), Map.of("zone", "b"), null).summary())
        .isEqualTo("spec.parameters.zone: unknown parameter \"zone\": the template has no parameters");
  }

  @Test
  void missingRequiredValueIsReported() {
    assertThat(validate(Map.of())).containsExactly(
        new Problem("spec.parameters.project", "is required: the template has no default for it"));
  }

  @Test
  void valuesOfTheWrongTypeAreReported() {
    assertThat(validate(Map.of("project", "x", "cpu", "lots", "docker", "yes", "repos", "a"))).containsExactly(
        new Problem("spec.parameters.cpu", "\"lots\" is not a number"),
        new Problem("spec.parameters.docker", "\"yes\" is not a bool: use true or false"),
        new Problem("spec.parameters.repos",
            "\"a\" is not a list(string): write a JSON array of strings, like [\"a\",\"b\"]"));
  }

  @Test
  void valueNotAmongOptionsListsTheAllowedValues() {
    assertThat(validate(Map.of("project", "x", "region", "ap"))).containsExactly(new Problem(
        "spec.parameters.region", "\"ap\" is not one of the options: allowed values are \"eu\", \"us\""));
  }

  @Test
  void regexMismatchUsesTheTemplatesErrorWithPlaceholders() {
    List<TemplateParameter> template = List.of(
        withRegex(string("branch", "main"), "[a-z]+", "{value} must be lower case ({min}..{max} untouched)"));
    assertThat(ParameterValidator.validate(template, Map.of("branch", "Main"), null).problems()).containsExactly(
        new Problem("spec.parameters.branch", "Main must be lower case ({min}..{max} untouched)"));
    assertThat(ParameterValidator.validate(template, Map.of("branch", "dev"), null).isValid()).isTrue();
  }

  @Test
  void valuesOutsideMinAndMaxAreReported() {
    assertThat(validate(Map.of("project", "x", "cpu", "0"))).containsExactly(
        new Problem("spec.parameters.cpu", "must be at least 1 (got 0)"));
    assertThat(validate(Map.of("project", "x", "cpu", "9"))).containsExactly(
        new Problem("spec.parameters.cpu", "must be at most 8 (got 9)"));
  }

  @Test
  void boundsUseTheTemplatesErrorWhenItHasOneAsCoderDoes() {
    TemplateParameter cpu = number("cpu", "2", 1L, 8L);
    cpu.getValidation().setError("cpu {value} is not in {min}-{max}");
    assertThat(ParameterValidator.validate(List.of(cpu), Map.of("cpu", "12"), null).summary())
        .isEqualTo("spec.parameters.cpu: cpu 12 is not in 1-8");
  }

  @Test
  void monotonicIncreasingRejectsADecrease() {
    List<TemplateParameter> template = List.of(monotonic(mutable(number("disk_gb", "10", null, null)),
        Monotonic.INCREASING));
    assertThat(ParameterValidator.validate(template, Map.of("disk_gb", "5"), Map.of("disk_gb", "10")).problems())
        .containsExactly(new Problem("spec.parameters.disk_gb",
            "may only increase (monotonic increasing): it was 10, got 5"));
    assertThat(ParameterValidator.validate(template, Map.of("disk_gb", "20"), Map.of("disk_gb", "10")).isValid())
        .isTrue();
  }

  @Test
  void monotonicDecreasingRejectsAnIncrease() {
    List<TemplateParameter> template = List.of(monotonic(mutable(number("quota", "10", null, null)),
        Monotonic.DECREASING));
    assertThat(ParameterValidator.validate(template, Map.of("quota", "11"), Map.of("quota", "10")).summary())
        .isEqualTo("spec.parameters.quota: may only decrease (monotonic decreasing): it was 10, got 11");
    assertThat(ParameterValidator.validate(template, Map.of("quota", "3"), Map.of("quota", "10")).isValid())
        .isTrue();
  }

  @Test
  void changingAnImmutableValueIsReportedWithWhatToDo() {
    Map<String, String> previous = Map.of("region", "eu", "cpu", "2", "docker", "false", "repos", "[]",
        "project", "x");
    assertThat(validate(Map.of("region", "us", "project", "x"), previous)).containsExactly(new Problem(
        "spec.parameters.region", "is immutable: the workspace was created with \"eu\" and it cannot change to "
            + "\"us\"; set it back, or create a new workspace to use another value"));
    assertThat(validate(Map.of("region", "eu", "cpu", "6", "project", "x"), previous)).isEmpty();
  }

  @Test
  void leavingOutAnImmutableValueThatDiffersFromTheDefaultIsReported() {
    Map<String, String> previous = Map.of("region", "us", "project", "x");
    assertThat(validate(Map.of("project", "x"), previous)).containsExactly(new Problem("spec.parameters.region",
        "is immutable and was \"us\" when the workspace was created; leaving it out would change it to the default "
            + "\"eu\": set it back to \"us\", or create a new workspace to use another value"));
  }

  @Test
  void equalValuesWrittenDifferentlyAreNotAChange() {
    Map<String, String> previous = Map.of("cpu", "2", "repos", "[\"a\",\"b\"]", "project", "x");
    List<TemplateParameter> immutable = List.of(number("cpu", "2", null, null),
        param("repos", ParameterType.LIST_OF_STRING, "[]"), string("project", null));
    assertThat(ParameterValidator.validate(immutable,
        Map.of("cpu", "2.0", "repos", "[ \"a\", \"b\" ]", "project", "x"), previous).isValid()).isTrue();
  }

  @Test
  void parameterNewToTheTemplateMayBeSetOnUpdate() {
    assertThat(validate(Map.of("project", "x", "region", "us"), Map.of("project", "x"))).isEmpty();
  }

  @Test
  void ephemeralParametersAreExemptFromImmutability() {
    // Built by hand: the template rule (ephemeral needs mutable) is the template validator's business.
    List<TemplateParameter> template = List.of(ephemeral(string("reason", "none")));
    assertThat(ParameterValidator.validate(template, Map.of("reason", "debug"), Map.of("reason", "none"))
        .isValid()).isTrue();
  }

  @Test
  void effectiveValuesFillInDefaultsInTemplateOrderAndDropUnknownNames() {
    Map<String, String> effective = ParameterValidator.effectiveValues(TEMPLATE,
        Map.of("project", "x", "cpu", "4", "zone", "b"));
    assertThat(effective).containsExactly(Map.entry("region", "eu"), Map.entry("cpu", "4"),
        Map.entry("docker", "false"), Map.entry("repos", "[]"), Map.entry("project", "x"));
  }

  @Test
  void effectiveValuesIncludeEphemeralValuesOnlyWhenGiven() {
    List<TemplateParameter> template = List.of(mutable(ephemeral(string("reason", "none"))), string("os", "linux"));
    assertThat(ParameterValidator.effectiveValues(template, Map.of())).containsExactly(Map.entry("os", "linux"));
    assertThat(ParameterValidator.effectiveValues(template, Map.of("reason", "debug")))
        .containsExactly(Map.entry("reason", "debug"), Map.entry("os", "linux"));
  }

  private static List<Problem> validate(Map<String, String> values) {
    return validate(values, null);
  }

  private static List<Problem> validate(Map<String, String> values, Map<String, String> previous) {
    // Ordered input so problems come out in a predictable order.
    return ParameterValidator.validate(TEMPLATE, new LinkedHashMap<>(values), previous).problems();
  }
}
