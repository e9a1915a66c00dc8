package dev.kubicle.operator.dev.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What kube-apiserver keeps of a custom resource's {@code metadata}: the fields of ObjectMeta (and of each owner
 * reference), with the JSON types Go's decoder accepts for them. A CRD's schema never describes metadata; the
 * server decodes it into ObjectMeta, which drops anything else.
 */
public final class ObjectMetaFields {

  private enum Kind { STRING, INTEGER, STRING_MAP, STRING_LIST, OBJECT_LIST, ANY }

  private static final Map<String, Kind> META = Map.ofEntries(
      Map.entry("name", Kind.STRING),
      Map.entry("generateName", Kind.STRING),
      Map.entry("namespace", Kind.STRING),
      Map.entry("selfLink", Kind.STRING),
      Map.entry("uid", Kind.STRING),
      Map.entry("resourceVersion", Kind.STRING),
      Map.entry("generation", Kind.INTEGER),
      Map.entry("creationTimestamp", Kind.ANY), // the server sets these; clients echo them back as they got them
      Map.entry("deletionTimestamp", Kind.ANY),
      Map.entry("deletionGracePeriodSeconds", Kind.INTEGER),
      Map.entry("labels", Kind.STRING_MAP),
      Map.entry("annotations", Kind.STRING_MAP),
      Map.entry("ownerReferences", Kind.OBJECT_LIST),
      Map.entry("finalizers", Kind.STRING_LIST),
      Map.entry("managedFields", Kind.OBJECT_LIST));

  private static final Set<String> OWNER_REFERENCE =
      Set.of("apiVersion", "kind", "name", "uid", "controller", "blockOwnerDeletion");

  private ObjectMetaFields() {
  }

  /** Removes what ObjectMeta does not know, adding each removed field's path (metadata.foo) to {@code pruned}. */
  static void prune(ObjectNode metadata, String path, List<String> pruned) {
    for (Iterator<Map.Entry<String, JsonNode>> it = metadata.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!META.containsKey(field.getKey())) {
        pruned.add(path + "." + field.getKey());
        it.remove();
      }
    }
    JsonNode owners = metadata.path("ownerReferences");
    for (int i = 0; i < owners.size(); i++) {
      if (owners.get(i) instanceof ObjectNode owner) {
        for (Iterator<String> names = owner.fieldNames(); names.hasNext(); ) {
          String name = names.next();
          if (!OWNER_REFERENCE.contains(name)) {
            pruned.add(path + ".ownerReferences[" + i + "]." + name);
            names.remove();
          }
        }
      }
    }
  }

  /**
   * Fields whose JSON type Go could not decode into ObjectMeta, as {@code metadata.labels.team: must be a string}.
   * A real server answers these with 400 before any schema validation runs.
   */
  public static List<String> typeProblems(JsonNode metadata) {
    List<String> problems = new ArrayList<>();
    if (!metadata.isObject()) {
      problems.add("metadata: must be an object");
      return problems;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = metadata.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      Kind kind = META.get(field.getKey());
      JsonNode value = field.getValue();
      String at = "metadata." + field.getKey();
      if (kind == null || value.isNull()) {
        continue;
      }
      switch (kind) {
        case STRING -> require(value.isTextual(), at + ": must be a string", problems);
        case INTEGER -> require(value.isIntegralNumber(), at + ": must be an integer", problems);
        case STRING_MAP -> {
          if (!value.isObject()) {
            problems.add(at + ": must be an object of strings");
          } else {
            value.fields().forEachRemaining(e ->
                require(e.getValue().isTextual(), at + "." + e.getKey() + ": must be a string", problems));
          }
        }
        case STRING_LIST -> {
          require(value.isArray(), at + ": must be a list of strings", problems);
          for (int i = 0; value.isArray() && i < value.size(); i++) {
            require(value.get(i).isTextual(), at + "[" + i + "]: must be a string", problems);
          }
        }
        case OBJECT_LIST -> {
          require(value.isArray(), at + ": must be a list of objects", problems);
          for (int i = 0; value.isArray() && i < value.size(); i++) {
            require(value.get(i).isObject(), at + "[" + i + "]: must be an object", problems);
          }
        }
        case ANY -> {
        }
      }
    }
    return problems;
  }

  private static void require(boolean ok, String problem, List<String> problems) {
    if (!ok) {
      problems.add(problem);
    }
  }
}
