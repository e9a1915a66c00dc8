package dev.kubicle.operator.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Server-side printing: turns objects into the {@code meta.k8s.io/v1} Table that kubectl asks for with
 * {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}, so {@code kubectl get} shows a CRD's printer
 * columns. Columns follow the apiextensions server: Name first, then the CRD version's additionalPrinterColumns
 * in their order (or Age when it declares none); built-in kinds get Name and Age.
 */
final class ServerTables {

  /** One column definition plus the path its cells come from. */
  record Column(String name, String type, String format, String description, int priority,
      JsonPathExpression path) {
  }

  private static final ObjectMapper JSON = Serialization.jsonMapper();
  private static final String NAME_DESCRIPTION = "Name must be unique within a namespace. "
      + "More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
  private static final Column AGE = new Column("Age", "date", "", "CreationTimestamp is a timestamp representing "
      + "the server time when this object was created.", 0,
      JsonPathExpression.compile(".metadata.creationTimestamp"));

  private final Supplier<List<CustomResourceDefinition>> crds;
  private final Clock clock;

  ServerTables(Supplier<List<CustomResourceDefinition>> crds, Clock clock) {
    this.crds = crds;
    this.clock = clock;
  }

  /**
   * True when the Accept header lists a meta.k8s.io/v1 Table. kubectl also offers v1beta1 and plain JSON after it;
   * we only ever produce v1, and answer plain JSON to anyone who does not offer that.
   */
  static boolean wantsTable(String accept) {
    if (accept == null) {
      return false;
    }
    for (String mediaType : accept.split(",")) {
      String m = mediaType.replace(" ", "").toLowerCase(Locale.ROOT);
      if (m.contains(";as=table") && m.contains(";g=meta.k8s.io") && m.contains(";v=v1")
          && !m.contains(";v=v1beta1")) {
        return true;
      }
    }
    return false;
  }

  /** The columns for a resource: the CRD's printer columns for a custom resource, else Name and Age. */
  List<Column> columnsFor(ApiRequestPath path) {
    List<Column> columns = new ArrayList<>();
    columns.add(new Column("Name", "string", "name", NAME_DESCRIPTION, 0, JsonPathExpression.compile(
        ".metadata.name")));
    List<CustomResourceColumnDefinition> declared = printerColumns(path);
    if (declared.isEmpty()) {
      columns.add(AGE);
    }
    for (CustomResourceColumnDefinition c : declared) {
      JsonPathExpression expression;
      try {
        expression = JsonPathExpression.compile(c.getJsonPath());
      } catch (IllegalArgumentException e) {
        // A path outside our subset shows empty cells instead of failing every kubectl get of the kind.
        expression = JsonPathExpression.compile(".metadata.__unsupported__");
      }
      columns.add(new Column(c.getName(), c.getType(), c.getFormat() == null ? "" : c.getFormat(),
          c.getDescription() == null ? "" : c.getDescription(), c.getPriority() == null ? 0 : c.getPriority(),
          expression));
    }
    return List.copyOf(columns);
  }

  /** A Table for a list ({@code items}) or one object. */
  ObjectNode table(List<Column> columns, JsonNode listOrObject, String includeObject) {
    ObjectNode table = JSON.createObjectNode();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    ObjectNode metadata = table.putObject("metadata");
    JsonNode listMetadata = listOrObject.path("metadata");
    boolean isList = listOrObject.path("items").isArray();
    if (isList && listMetadata.has("resourceVersion")) {
      metadata.set("resourceVersion", listMetadata.get("resourceVersion"));
    }
    ArrayNode definitions = table.putArray("columnDefinitions");
    for (Column column : columns) {
      ObjectNode definition = definitions.addObject();
      definition.put("name", column.name());
      definition.put("type", column.type());
      definition.put("format", column.format());
      definition.put("description", column.description());
      definition.put("priority", column.priority());
    }
    ArrayNode rows = table.putArray("rows");
    if (isList) {
      listOrObject.path("items").forEach(item -> rows.add(row(columns, item, includeObject)));
    } else {
      rows.add(row(columns, listOrObject, includeObject));
    }
    return table;
  }

  private ObjectNode row(List<Column> columns, JsonNode object, String includeObject) {
    ObjectNode row = JSON.createObjectNode();
    ArrayNode cells = row.putArray("cells");
    for (Column column : columns) {
      cells.add(cell(column, column.path().first(object)));
    }
    // Default "Metadata": kubectl needs the row's object for -L, --show-labels, --show-kind and namespaces.
    String policy = includeObject == null || includeObject.isEmpty() ? "Metadata" : includeObject;
    if (policy.equals("Object")) {
      row.set("object", object);
    } else if (!policy.equals("None")) {
      ObjectNode partial = row.putObject("object");
      partial.put("kind", "PartialObjectMetadata");
      partial.put("apiVersion", "meta.k8s.io/v1");
      partial.set("metadata", object.path("metadata").deepCopy());
    }
    return row;
  }

  /** A cell as the apiextensions server makes it: typed values, null (kubectl's {@code <none>}) when absent. */
  private JsonNode cell(Column column, JsonNode value) {
    var nodes = JSON.getNodeFactory();
    if (value == null || value.isNull()) {
      return nodes.nullNode();
    }
    switch (column.type()) {
      case "integer":
        return value.isNumber() ? nodes.numberNode(value.asLong()) : nodes.nullNode();
      case "number":
        return value.isNumber() ? nodes.numberNode(value.asDouble()) : nodes.nullNode();
      case "boolean":
        return value.isBoolean() ? value : nodes.nullNode();
      case "date":
        return value.isTextual() ? nodes.textNode(age(value.asText())) : nodes.nullNode();
      default:
        // string (and unknown types): printed as JSONPath prints, scalars as text and the rest as JSON.
        return nodes.textNode(value.isValueNode() ? value.asText() : value.toString());
    }
  }

  private String age(String timestamp) {
    try {
      return HumanDuration.of(Duration.between(Instant.parse(timestamp), clock.instant()));
    } catch (DateTimeParseException e) {
      return "<invalid>";
    }
  }

  private List<CustomResourceColumnDefinition> printerColumns(ApiRequestPath path) {
    if (path.group().isEmpty()) {
      return List.of(); // the core group has no CRDs; other built-in groups simply match none
    }
    for (CustomResourceDefinition crd : crds.get()) {
      var spec = crd.getSpec();
      if (!path.group().equals(spec.getGroup()) || !path.resource().equals(spec.getNames().getPlural())) {
        continue;
      }
      for (CustomResourceDefinitionVersion version : spec.getVersions()) {
        if (version.getName().equals(path.version()) && version.getAdditionalPrinterColumns() != null) {
          return version.getAdditionalPrinterColumns();
        }
      }
    }
    return List.of();
  }
}
