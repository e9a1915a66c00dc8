package dev.kubicle.operator.dev.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drops from a custom resource what its CRD's structural schema does not declare, as kube-apiserver does before it
 * stores an object (KEP-2332 "pruning"), and says which fields went, for {@code fieldValidation=Warn|Strict}.
 *
 * <p>Honours {@code x-kubernetes-preserve-unknown-fields} (unknown fields of that object stay, declared ones are
 * still pruned inside), {@code additionalProperties} (a map: every key stays, each value is pruned by that schema),
 * {@code items} and {@code x-kubernetes-embedded-resource}. At the root, {@code apiVersion} and {@code kind} always
 * stay and {@code metadata} keeps exactly the ObjectMeta fields. It also drops {@code null} values of fields that
 * are not {@code nullable} (the server's "prune non-nullable nulls" step, silent, not reported as unknown).
 *
 * <p>It walks the schema, not the input: a subtree the schema does not declare is removed or kept whole, never
 * descended into, so the work is bounded by the schema's depth whatever the input's.
 */
public final class SchemaPruner {

  private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata");

  private final List<String> pruned = new ArrayList<>();

  private SchemaPruner() {
  }

  /**
   * Prunes a whole object in place against the root {@code openAPIV3Schema}.
   *
   * @return the removed fields' paths, {@code spec.ttl} or {@code spec.items[0].x}, in the order met
   */
  public static List<String> prune(ObjectNode object, JsonNode rootSchema) {
    SchemaPruner pruner = new SchemaPruner();
    if (object.get("metadata") instanceof ObjectNode metadata) {
      ObjectMetaFields.prune(metadata, "metadata", pruner.pruned);
    }
    pruner.pruneObject(rootSchema, object, "", true);
    return List.copyOf(pruner.pruned);
  }

  private void prune(JsonNode schema, JsonNode value, String path) {
    if (schema == null || !schema.isObject()) {
      return;
    }
    if (value instanceof ObjectNode object) {
      pruneObject(schema, object, path, false);
    } else if (value instanceof ArrayNode array) {
      JsonNode items = schema.get("items");
      for (int i = 0; i < array.size(); i++) {
        prune(items, array.get(i), path + "[" + i + "]");
      }
    }
  }

  private void pruneObject(JsonNode schema, ObjectNode object, String path, boolean root) {
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.path("additionalProperties");
    boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
        || (additional.isBoolean() && additional.asBoolean());
    boolean embedded = schema.path("x-kubernetes-embedded-resource").asBoolean(false);
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      JsonNode value = field.getValue();
      String at = path.isEmpty() ? name : path + "." + name;
      if ((root || embedded) && ROOT_FIELDS.contains(name)) {
        continue; // root metadata is ObjectMeta's business, handled before the walk
      }
      JsonNode fieldSchema = properties.has(name) ? properties.get(name)
          : additional.isObject() ? additional : null;
      if (fieldSchema != null) {
        if (value.isNull() && !fieldSchema.path("nullable").asBoolean(false) && !fieldSchema.has("default")) {
          it.remove();
        } else {
          prune(fieldSchema, value, at);
        }
      } else if (!preserve) {
        pruned.add(at);
        it.remove();
      }
    }
  }
}
