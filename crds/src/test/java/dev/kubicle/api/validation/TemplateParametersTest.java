package dev.kubicle.api.validation;

import static dev.kubicle.api.validation.Params.ephemeral;
import static dev.kubicle.api.validation.Params.mutable;
import static dev.kubicle.api.validation.Params.number;
import static dev.kubicle.api.validation.Params.param;
import static dev.kubicle.api.validation.Params.string;
import static dev.kubicle.api.validation.Params.validation;
import static dev.kubicle.api.validation.Params.withOptions;
import static dev.kubicle.api.validation.Params.withRegex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubicle.api.v1alpha1.Monotonic;
import dev.kubicle.api.v1alpha1.ParameterOption;
import dev.kubicle.api.v1alpha1.ParameterType;
import dev.kubicle.api.v1alpha1.TemplateParameter;
import dev.kubicle.api.v1alpha1.TemplateSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The parameter declaration rules of TemplateValidator (Coder's coder_parameter checks). */
class TemplateParametersTest {
  @Test
  void wellFormedParametersOfEveryTypeAreValid() {
    assertThat(problems(
        withOptions(string("region", "eu"), "eu", "us"),
        number("cpu", "2", 1L, 8L),
        number("disk_gb", "10.5", null, null),
        param("docker", ParameterType.BOOL, "true"),
        param("repos", ParameterType.LIST_OF_STRING, "[\"a\",\"b\"]"),
        withRegex(string("branch", "main"), "[a-z]+", "{value} is not a branch"),
        mutable(ephemeral(string("reason", ""))),
        string("required_one", null))).isEmpty();
  }

  @Test
  void duplicateParameterNameIsReportedAtTheSecondOne() {
    assertThat(problems(string("region", "eu"), string("region", "us"))).containsExactly(new Problem(
        "spec.parameters[1].name", "duplicate parameter name \"region\": spec.parameters[0] already uses it"));
  }

  @Test
  void nameNotMatchingThePatternIsReported() {
    assertThat(problems(string("Region", "eu"))).containsExactly(new Problem("spec.parameters[0].name",
        "\"Region\" is not a valid parameter name: use lower case letters, digits and underscores, starting with a "
            + "letter, at most 63 characters (^[a-z][a-z0-9_]{0,62}$)"));
    assertThat(problems(string("a".repeat(64), "x"))).hasSize(1);
    assertThat(problems(string("a".repeat(63), "x"))).isEmpty();
  }

  @Test
  void moreThanSixtyFourOptionsAreReported() {
    TemplateParameter many = string("size", "v0");
    List<ParameterOption> options = new ArrayList<>();
    for (int i = 0; i < 65; i++) {
      options.add(new ParameterOption("V" + i, "v" + i));
    }
    many.setOptions(options);
    assertThat(problems(many)).containsExactly(
        new Problem("spec.parameters[0].options", "has 65 options; at most 64 are allowed"));
    many.setOptions(options.subList(0, 64));
    assertThat(problems(many)).isEmpty();
  }

  @Test
  void duplicateOptionNamesAndValuesAreReported() {
    TemplateParameter region = string("region", "eu");
    region.setOptions(List.of(new ParameterOption("Europe", "eu"), new ParameterOption("Europe", "us"),
        new ParameterOption("Other", "eu")));
    assertThat(problems(region)).containsExactly(
        new Problem("spec.parameters[0].options[1].name",
            "duplicate option name \"Europe\": options[0] already uses it"),
        new Problem("spec.parameters[0].options[2].value",
            "duplicate option value \"eu\": options[0] already uses it"));
  }

  @Test
  void defaultOutsideOptionsIsReportedByName() {
    assertThat(problems(withOptions(string("region", "ap"), "eu", "us"))).containsExactly(new Problem(
        "spec.parameters[0].defaultValue", "\"ap\" is not one of the options: allowed values are \"eu\", \"us\""));
  }

  @Test
  void listDefaultItemsMustEachBeAnOption() {
    TemplateParameter ides = withOptions(param("ides", ParameterType.LIST_OF_STRING, "[\"vim\",\"emacs\"]"), "vim");
    assertThat(problems(ides)).containsExactly(new Problem("spec.parameters[0].defaultValue",
        "list item \"emacs\" is not one of the options: allowed values are \"vim\""));
  }

  @Test
  void optionValueOfTheWrongTypeIsReported() {
    assertThat(problems(withOptions(param("cpu", ParameterType.NUMBER, "2"), "2", "four"))).containsExactly(
        new Problem("spec.parameters[0].options[1].value", "\"four\" is not a number"));
  }

  @Test
  void optionsTogetherWithValidationAreReported() {
    TemplateParameter region = withOptions(string("region", "eu"), "eu", "us");
    region.setValidation(validation("[a-z]+", "bad", null, null, null));
    assertThat(problems(region)).containsExactly(new Problem("spec.parameters[0].validation",
        "cannot be combined with options (Coder forbids both): the options already limit the values; remove one "
            + "of them"));
  }

  @Test
  void regexWithoutErrorMessageIsReported() {
    assertThat(problems(withRegex(string("branch", "main"), "[a-z]+", null))).containsExactly(new Problem(
        "spec.parameters[0].validation.error", "is required with validation.regex: it is the message a user sees "
            + "when a value does not match ({value}, {min} and {max} are replaced)"));
  }

  @Test
  void invalidRegexIsReportedWithTheSyntaxError() {
    assertThat(problems(withRegex(string("branch", "main"), "([a-z]+", "bad"))).containsExactly(new Problem(
        "spec.parameters[0].validation.regex", "is not a valid RE2 regular expression: missing closing ) at `([a-z]+`"));
  }

  @Test
  void stringDefaultNotMatchingTheRegexIsReportedWithTheTemplatesError() {
    assertThat(problems(withRegex(string("branch", "Main"), "[a-z]+", "{value} is not lower case")))
        .containsExactly(new Problem("spec.parameters[0].defaultValue", "Main is not lower case"));
  }

  @Test
  void regexOnANonStringParameterIsReported() {
    assertThat(problems(withRegex(param("cpu", ParameterType.NUMBER, "2"), "[0-9]+", "digits only")))
        .containsExactly(new Problem("spec.parameters[0].validation.regex",
            "only applies to string parameters, not number"));
  }

  @Test
  void minMaxAndMonotonicOnANonNumberAreReported() {
    TemplateParameter name = string("name", "x");
    name.setValidation(validation(null, null, 1L, 5L, Monotonic.INCREASING));
    assertThat(problems(name)).containsExactly(
        new Problem("spec.parameters[0].validation.min", "only applies to number parameters, not string"),
        new Problem("spec.parameters[0].validation.max", "only applies to number parameters, not string"),
        new Problem("spec.parameters[0].validation.monotonic", "only applies to number parameters, not string"));
  }

  @Test
  void minGreaterThanMaxIsReported() {
    assertThat(problems(number("cpu", null, 8L, 2L))).containsExactly(
        new Problem("spec.parameters[0].validation", "min (8) is greater than max (2)"));
  }

  @Test
  void numberDefaultMustBeANumberWithinBounds() {
    assertThat(problems(number("cpu", "two", 1L, 8L))).containsExactly(
        new Problem("spec.parameters[0].defaultValue", "\"two\" is not a number"));
    assertThat(problems(number("cpu", "0", 1L, 8L))).containsExactly(
        new Problem("spec.parameters[0].defaultValue", "must be at least 1 (got 0)"));
    assertThat(problems(number("cpu", "8.5", 1L, 8L))).containsExactly(
        new Problem("spec.parameters[0].defaultValue", "must be at most 8 (got 8.5)"));
  }

  @Test
  void boolDefaultMustBeTrueOrFalse() {
    assertThat(problems(param("docker", ParameterType.BOOL, "yes"))).containsExactly(
        new Problem("spec.parameters[0].defaultValue", "\"yes\" is not a bool: use true or false"));
  }

  @Test
  void listDefaultMustBeAJsonArrayOfStrings() {
    String expected = " is not a list(string): write a JSON array of strings, like [\"a\",\"b\"]";
    assertThat(problems(param("repos", ParameterType.LIST_OF_STRING, "a,b"))).containsExactly(
        new Problem("spec.parameters[0].defaultValue", "\"a,b\"" + expected));
    assertThat(problems(param("repos", ParameterType.LIST_OF_STRING, "[1,2]"))).containsExactly(
        new Problem("spec.parameters[0].defaultValue", "\"[1,2]\"" + expected));
    assertThat(problems(param("repos", ParameterType.LIST_OF_STRING, "[\"a\"] junk"))).hasSize(1);
  }

  @Test
  void ephemeralParameterMustBeMutableAndHaveADefault() {
    assertThat(problems(ephemeral(string("reason", null)))).containsExactly(
        new Problem("spec.parameters[0].mutable",
            "must be true for an ephemeral parameter: its value changes from build to build"),
        new Problem("spec.parameters[0].defaultValue",
            "is required for an ephemeral parameter: builds that do not give a value use it"));
  }

  @Test
  void everyProblemIsReportedNotOnlyTheFirst() {
    TemplateSpec spec = TemplateValidatorTest.spec(Map.of("notes.txt", ""));
    spec.setParameters(List.of(string("Bad", "x"), number("cpu", "0", 1L, 8L), string("cpu", "y")));
    assertThat(TemplateValidator.validate(spec, Set.of()).problems()).extracting(Problem::field).containsExactly(
        "spec.files", "spec.parameters[0].name", "spec.parameters[1].defaultValue", "spec.parameters[2].name");
  }

  private static List<Problem> problems(TemplateParameter... parameters) {
    TemplateSpec spec = TemplateValidatorTest.spec(Map.of("main.tf", ""));
    spec.setParameters(List.of(parameters));
    return TemplateValidator.validate(spec, Set.of()).problems();
  }
}
