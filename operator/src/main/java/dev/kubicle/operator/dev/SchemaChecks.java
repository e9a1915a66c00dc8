package dev.kubicle.operator.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.operator.dev.schema.FieldError;
import dev.kubicle.operator.dev.schema.SchemaPruner;
import dev.kubicle.operator.dev.schema.SchemaValidator;
import java.util.List;

/** What a write is validated against: the parts of the object the write may change, and the stored object as read. */
final class SchemaChecks {
  private SchemaChecks() {}

  /**
   * The stored object as the server reads it back from storage, pruned like the new one: ratcheting compares the
   * two, so a value the pruner changed in the new object only (the keys inside an object stored where the schema
   * wants a string, say) is not taken for a change the write made.
   */
  static ObjectNode asRead(ObjectNode stored, JsonNode schema) {
    ObjectNode copy = stored.deepCopy();
    SchemaPruner.prune(copy, schema);
    return copy;
  }

  /**
   * Validates what the write would change: a status write only status; a main write everything but status when
   * status is a subresource (the server ignores it there, so it cannot make the write invalid).
   */
  static List<FieldError> validate(InstalledCrds.Version version, JsonNode schema, ObjectNode body,
      boolean statusWrite) {
    if (statusWrite) {
      JsonNode status = body.get("status");
      return status == null ? List.of()
          : SchemaValidator.validate(schema.path("properties").get("status"), status, "status");
    }
    ObjectNode candidate = body;
    if (version.statusSubresource() && body.has("status")) {
      candidate = body.deepCopy();
      candidate.remove("status");
    }
    return SchemaValidator.validate(schema, candidate, "");
  }
}
