package dev.kubicle.operator.dev.schema;

import static dev.kubicle.operator.dev.schema.SchemaValidatorTest.json;
import static dev.kubicle.operator.dev.schema.SchemaValidatorTest.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ratcheting: an update is refused only for invalid values it changed. */
class RatchetTest {

  private static final JsonNode SCHEMA = yaml("""
      {type: object, properties: {spec: {type: object, required: [name], properties: {
        name: {type: string}, size: {type: integer}, items: {type: array, items: {type: string}}}}}}
      """);

  @Test
  void anUnchangedInvalidValueIsLetThrough() {
    JsonNode stored = json("{\"spec\": {\"name\": \"a\", \"size\": \"big\"}}");
    JsonNode updated = json("{\"metadata\": {\"finalizers\": []}, \"spec\": {\"name\": \"a\", \"size\": \"big\"}}");

    assertThat(Ratchet.changedOnly(SchemaValidator.validate(SCHEMA, updated, ""), stored, updated)).isEmpty();
  }

  @Test
  void aChangedInvalidValueIsStillRefused() {
    JsonNode stored = json("{\"spec\": {\"name\": \"a\", \"size\": \"big\"}}");
    JsonNode updated = json("{\"spec\": {\"name\": \"a\", \"size\": \"bigger\"}}");

    assertThat(Ratchet.changedOnly(SchemaValidator.validate(SCHEMA, updated, ""), stored, updated))
        .map(FieldError::field).containsExactly("spec.size");
  }

  @Test
  void aRequiredFieldMissingBeforeAndAfterIsLetThroughButRemovingItIsNot() {
    JsonNode without = json("{\"spec\": {}}");
    JsonNode with = json("{\"spec\": {\"name\": \"a\"}}");

    assertThat(Ratchet.changedOnly(SchemaValidator.validate(SCHEMA, without, ""), without, without)).isEmpty();
    assertThat(Ratchet.changedOnly(SchemaValidator.validate(SCHEMA, without, ""), with, without)).hasSize(1);
  }

  @Test
  void pathsBecomeJsonPointers() {
    assertThat(Ratchet.pointer("spec.items[2].name")).contains("/spec/items/2/name");
    assertThat(Ratchet.pointer("spec.a/b")).contains("/spec/a~1b");
    assertThat(Ratchet.changedOnly(List.of(), json("{}"), json("{}"))).isEmpty();
  }
}
