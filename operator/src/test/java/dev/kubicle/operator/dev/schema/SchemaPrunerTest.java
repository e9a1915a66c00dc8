package dev.kubicle.operator.dev.schema;

import static dev.kubicle.operator.dev.schema.SchemaValidatorTest.json;
import static dev.kubicle.operator.dev.schema.SchemaValidatorTest.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.api.crd.CrdExporter;
import dev.kubicle.api.v1alpha1.Workspace;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Pruning as a table: a schema, an object, what is stored and which fields are reported unknown. */
class SchemaPrunerTest {

  private static final String SPEC = "{type: object, properties: {spec: %s}}";

  static Stream<Arguments> cases() {
    return Stream.of(
        row("{type: object, properties: {a: {type: string}}}",
            "{\"a\": \"x\", \"b\": 1}", "{\"a\": \"x\"}", "spec.b"),
        row("{type: object, x-kubernetes-preserve-unknown-fields: true, properties: {a: {type: object, properties: {}}}}",
            "{\"b\": {\"deep\": 1}, \"a\": {\"c\": 1}}", "{\"b\": {\"deep\": 1}, \"a\": {}}", "spec.a.c"),
        row("{type: object, properties: {m: {type: object, additionalProperties: {type: object, properties: {v: {type: string}}}}}}",
            "{\"m\": {\"k1\": {\"v\": \"1\", \"w\": 2}, \"k2\": {}}}", "{\"m\": {\"k1\": {\"v\": \"1\"}, \"k2\": {}}}",
            "spec.m.k1.w"),
        row("{type: object, properties: {l: {type: array, items: {type: object, properties: {n: {type: string}}}}}}",
            "{\"l\": [{\"n\": \"a\"}, {\"n\": \"b\", \"x\": true}]}", "{\"l\": [{\"n\": \"a\"}, {\"n\": \"b\"}]}",
            "spec.l[1].x"),
        // an object schema without properties keeps nothing, unless it preserves unknown fields
        row("{type: object}", "{\"a\": 1}", "{}", "spec.a"),
        // non-nullable nulls are dropped silently; nullable ones stay
        row("{type: object, properties: {a: {type: string}, b: {type: string, nullable: true}}}",
            "{\"a\": null, \"b\": null}", "{\"b\": null}"),
        // a value of the wrong type is left for the validator to report, not pruned
        row("{type: object, properties: {a: {type: object, properties: {b: {type: string}}}}}",
            "{\"a\": \"text\"}", "{\"a\": \"text\"}"),
        // the embedded-resource extension keeps apiVersion, kind and metadata of the embedded object
        row("{type: object, properties: {r: {type: object, x-kubernetes-embedded-resource: true, properties: {}}}}",
            "{\"r\": {\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {}, \"other\": 1}}",
            "{\"r\": {\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {}}}", "spec.r.other"));
  }

  @ParameterizedTest(name = "{0} / {1}")
  @MethodSource("cases")
  void prunesWhatTheSchemaDoesNotDeclare(String specSchema, String spec, String expected, List<String> reported) {
    ObjectNode object = (ObjectNode) json("{\"apiVersion\": \"x/v1\", \"kind\": \"X\", \"metadata\": {}}");
    object.set("spec", json(spec));

    List<String> pruned = SchemaPruner.prune(object, yaml(SPEC.formatted(specSchema)));

    assertThat(object.get("spec")).isEqualTo(json(expected));
    assertThat(pruned).containsExactlyElementsOf(reported);
  }

  @Test
  void keepsApiVersionKindAndObjectMetaButNotUnknownMetadata() {
    ObjectNode object = (ObjectNode) json("""
        {"apiVersion": "kubicle.dev/v1alpha1", "kind": "Workspace", "other": 1,
         "metadata": {"name": "a", "labels": {"x": "y"}, "finalizers": ["f"], "colour": "red",
                      "ownerReferences": [{"kind": "Template", "name": "t", "uid": "u", "apiVersion": "v", "extra": 1}]}}
        """);

    List<String> pruned = SchemaPruner.prune(object, yaml("{type: object, properties: {spec: {type: object}}}"));

    assertThat(object).isEqualTo(json("""
        {"apiVersion": "kubicle.dev/v1alpha1", "kind": "Workspace",
         "metadata": {"name": "a", "labels": {"x": "y"}, "finalizers": ["f"],
                      "ownerReferences": [{"kind": "Template", "name": "t", "uid": "u", "apiVersion": "v"}]}}
        """));
    assertThat(pruned).containsExactly("metadata.colour", "metadata.ownerReferences[0].extra", "other");
  }

  @Test
  void theWorkspaceCrdPrunesTheMisplacedTtlOfTheIssue() {
    ObjectNode workspace = (ObjectNode) json("""
        {"apiVersion": "kubicle.dev/v1alpha1", "kind": "Workspace", "metadata": {"name": "w"},
         "spec": {"template": {"name": "hello"}, "owner": "alice", "ttl": "-5h", "autostop": {"ttl": "8h"},
                  "parameters": {"region": "eu"}},
         "status": {"phase": "Running", "bogus": true}}
        """);

    List<String> pruned = SchemaPruner.prune(workspace, workspaceSchema());

    assertThat(pruned).containsExactly("spec.ttl", "status.bogus");
    assertThat(workspace.path("spec").has("ttl")).isFalse();
    assertThat(workspace.at("/spec/autostop/ttl").asText()).isEqualTo("8h");
    assertThat(workspace.at("/spec/parameters/region").asText()).isEqualTo("eu");
  }

  @Test
  void theWorkspaceCrdRejectsAStringWhereItWantsABoolean() {
    JsonNode spec = json("{\"template\": {\"name\": \"hello\"}, \"running\": \"yes\"}");

    List<FieldError> errors = SchemaValidator.validate(workspaceSchema().at("/properties/spec"), spec, "spec");

    assertThat(errors).map(FieldError::toString).containsExactly(
        "spec.running: Invalid value: \"string\": spec.running in body must be of type boolean: \"string\"");
  }

  static JsonNode workspaceSchema() {
    JsonNode crd = yaml(CrdExporter.render(Workspace.class));
    return crd.at("/spec/versions/0/schema/openAPIV3Schema");
  }

  private static Arguments row(String schema, String spec, String expected, String... reported) {
    return Arguments.of(schema, spec, expected, List.of(reported));
  }
}
