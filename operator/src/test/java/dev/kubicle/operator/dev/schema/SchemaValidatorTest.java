package dev.kubicle.operator.dev.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Schema validation as a table: a schema, a value, and the exact errors kube-apiserver would report. */
class SchemaValidatorTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> cases() {
    return Stream.of(
        // type
        row("{type: boolean}", "true"),
        row("{type: boolean}", "\"yes\"",
            "spec.x: Invalid value: \"string\": spec.x in body must be of type boolean: \"string\""),
        row("{type: string}", "5", "spec.x: Invalid value: \"integer\": spec.x in body must be of type string: \"integer\""),
        row("{type: integer}", "5"),
        row("{type: integer}", "5.0"),
        row("{type: integer}", "5.5",
            "spec.x: Invalid value: \"number\": spec.x in body must be of type integer: \"number\""),
        row("{type: number}", "5"),
        row("{type: number}", "5.5"),
        row("{type: object}", "[]", "spec.x: Invalid value: \"array\": spec.x in body must be of type object: \"array\""),
        row("{type: array, items: {type: string}}", "{}",
            "spec.x: Invalid value: \"object\": spec.x in body must be of type array: \"object\""),
        // nullable
        row("{type: string, nullable: true}", "null"),
        row("{type: string}", "null", "spec.x: Invalid value: \"null\": spec.x in body must be of type string: \"null\""),
        row("{x-kubernetes-preserve-unknown-fields: true}", "null"),
        // int-or-string
        row("{anyOf: [{type: integer}, {type: string}], x-kubernetes-int-or-string: true}", "5"),
        row("{anyOf: [{type: integer}, {type: string}], x-kubernetes-int-or-string: true}", "\"500m\""),
        row("{anyOf: [{type: integer}, {type: string}], x-kubernetes-int-or-string: true}", "true",
            "spec.x: Invalid value: \"boolean\": spec.x in body must be of type integer,string: \"boolean\""),
        // required, nested paths
        row("{type: object, required: [name], properties: {name: {type: string}}}", "{}",
            "spec.x.name: Required value"),
        row("{type: array, items: {type: object, properties: {n: {type: integer}}}}", "[{\"n\": 1}, {\"n\": \"2\"}]",
            "spec.x[1].n: Invalid value: \"string\": spec.x[1].n in body must be of type integer: \"string\""),
        row("{type: object, additionalProperties: {type: string}}", "{\"a\": \"1\", \"b\": 2}",
            "spec.x.b: Invalid value: \"integer\": spec.x.b in body must be of type string: \"integer\""),
        // enum
        row("{type: string, enum: [Pending, Running]}", "\"Running\""),
        row("{type: string, enum: [Pending, Running]}", "\"Sleeping\"",
            "spec.x: Unsupported value: \"Sleeping\": supported values: \"Pending\", \"Running\""),
        // lengths
        row("{type: string, maxLength: 3}", "\"abc\""),
        row("{type: string, maxLength: 3}", "\"åäöü\"", "spec.x: Too long: may not be more than 3 bytes"),
        row("{type: string, minLength: 1}", "\"\"",
            "spec.x: Invalid value: \"\": spec.x in body should be at least 1 chars long"),
        // numbers
        row("{type: integer, minimum: 1.0}", "1"),
        row("{type: integer, minimum: 1.0}", "0",
            "spec.x: Invalid value: 0: spec.x in body should be greater than or equal to 1"),
        row("{type: integer, maximum: 10}", "11",
            "spec.x: Invalid value: 11: spec.x in body should be less than or equal to 10"),
        row("{type: number, minimum: 0, exclusiveMinimum: true}", "0",
            "spec.x: Invalid value: 0: spec.x in body should be greater than 0"),
        // collections
        row("{type: array, maxItems: 2, items: {type: string}}", "[\"a\", \"b\", \"c\"]",
            "spec.x: Too many: 3: must have at most 2 items"),
        row("{type: object, maxProperties: 1, additionalProperties: {type: string}}", "{\"a\": \"1\", \"b\": \"2\"}",
            "spec.x: Too many: 2: must have at most 1 items"),
        // pattern
        row("{type: string, pattern: '^[a-z][a-z0-9_]{0,62}$'}", "\"region_1\""),
        row("{type: string, pattern: '^[a-z][a-z0-9_]{0,62}$'}", "\"Region\"",
            "spec.x: Invalid value: \"Region\": spec.x in body should match '^[a-z][a-z0-9_]{0,62}$'"),
        // what the schema does not declare is the pruner's business, not an error
        row("{type: object, properties: {a: {type: string}}}", "{\"b\": 5}"));
  }

  @ParameterizedTest(name = "{0} / {1}")
  @MethodSource("cases")
  void reportsWhatARealServerReports(String schema, String value, List<String> expected) {
    List<FieldError> errors = SchemaValidator.validate(yaml(schema), json(value), "spec.x");

    assertThat(errors).map(FieldError::toString).containsExactlyElementsOf(expected);
  }

  @Test
  void causesCarryTheReasonAndTheMessageWithoutThePath() {
    FieldError error = SchemaValidator.validate(yaml("{type: boolean}"), json("\"yes\""), "spec.running").get(0);

    assertThat(error.type().reason()).isEqualTo("FieldValueTypeInvalid");
    assertThat(error.field()).isEqualTo("spec.running");
    assertThat(error.body()).isEqualTo("Invalid value: \"string\": spec.running in body must be of type boolean: \"string\"");
  }

  @Test
  void stopsCountingAtTheLimitSoAHugeBadArrayGivesABoundedAnswer() {
    String many = "[" + "1,".repeat(5000) + "1]";

    List<FieldError> errors = SchemaValidator.validate(yaml("{type: array, items: {type: string}}"), json(many), "spec.x");

    assertThat(errors).hasSize(SchemaValidator.MAX_ERRORS);
  }

  @Test
  void theRootIsCalledBodyInMessages() {
    List<FieldError> errors = SchemaValidator.validate(yaml("{type: object}"), json("5"), "");

    assertThat(errors).map(FieldError::body)
        .containsExactly("Invalid value: \"integer\": body in body must be of type object: \"integer\"");
  }

  private static Arguments row(String schema, String value, String... errors) {
    return Arguments.of(schema, value, List.of(errors));
  }

  static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
