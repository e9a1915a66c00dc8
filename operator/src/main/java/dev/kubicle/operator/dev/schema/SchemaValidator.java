package dev.kubicle.operator.dev.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Checks a JSON value against a CRD's structural OpenAPI v3 schema the way kube-apiserver's schema validation does,
 * and says what is wrong in its words: {@code type} (with {@code nullable} and {@code x-kubernetes-int-or-string}),
 * {@code required}, {@code enum}, {@code minLength}/{@code maxLength}, {@code minimum}/{@code maximum} (and their
 * exclusive forms), {@code minItems}/{@code maxItems}, {@code minProperties}/{@code maxProperties} and
 * {@code pattern}.
 *
 * <p>Not checked, because no Kubicle CRD uses them: {@code format}, {@code multipleOf}, {@code uniqueItems},
 * {@code anyOf}/{@code allOf}/{@code oneOf}/{@code not} (except the int-or-string {@code anyOf}, which the
 * extension covers), and CEL rules ({@code x-kubernetes-validations}), which would need a CEL interpreter.
 *
 * <p>Run it on a pruned object: unknown fields are the pruner's business, this class only walks what the schema
 * declares, so its depth is bounded by the schema's, whatever the input. Patterns are compiled with
 * java.util.regex: they come from installed CRDs, which only cluster admins write, never from request bodies.
 */
public final class SchemaValidator {

  /** A real server reports every error; we stop here so a hostile body cannot make an unbounded answer. */
  public static final int MAX_ERRORS = 100;

  private static final int MAX_CACHED_PATTERNS = 256;
  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

  private final List<FieldError> errors = new ArrayList<>();

  private SchemaValidator() {
  }

  /**
   * Every problem of {@code value} against {@code schema}, at most {@link #MAX_ERRORS}.
   *
   * @param path where {@code value} sits in the object, {@code ""} for the root or {@code "spec"}
   */
  public static List<FieldError> validate(JsonNode schema, JsonNode value, String path) {
    SchemaValidator validator = new SchemaValidator();
    validator.check(schema, value, path);
    return List.copyOf(validator.errors);
  }

  private void check(JsonNode schema, JsonNode value, String path) {
    if (full() || schema == null || !schema.isObject()) {
      return;
    }
    if (value.isNull()) {
      if (!schema.path("nullable").asBoolean(false) && declaresType(schema)) {
        typeError(schema, value, path);
      }
      return;
    }
    if (!typeMatches(schema, value)) {
      typeError(schema, value, path);
      return;
    }
    checkEnum(schema, value, path);
    if (value.isTextual()) {
      checkString(schema, value, path);
    } else if (value.isNumber()) {
      checkNumber(schema, value, path);
    } else if (value.isArray()) {
      checkArray(schema, value, path);
    } else if (value.isObject()) {
      checkObject(schema, value, path);
    }
  }

  private void checkObject(JsonNode schema, JsonNode value, String path) {
    for (JsonNode required : schema.path("required")) {
      if (!value.has(required.asText())) {
        add(FieldError.Type.REQUIRED, child(path, required.asText()), null, "");
      }
    }
    int size = value.size();
    if (schema.has("maxProperties") && size > schema.get("maxProperties").asLong()) {
      add(FieldError.Type.TOO_MANY, path, IntNode.valueOf(size),
          "must have at most " + schema.get("maxProperties").asLong() + " items");
    }
    if (schema.has("minProperties") && size < schema.get("minProperties").asLong()) {
      add(FieldError.Type.INVALID, path, IntNode.valueOf(size),
          name(path) + " in body should have at least " + schema.get("minProperties").asLong() + " properties");
    }
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.path("additionalProperties");
    for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext() && !full(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (properties.has(field.getKey())) {
        check(properties.get(field.getKey()), field.getValue(), child(path, field.getKey()));
      } else if (additional.isObject()) {
        check(additional, field.getValue(), child(path, field.getKey()));
      }
    }
  }

  private void checkArray(JsonNode schema, JsonNode value, String path) {
    int size = value.size();
    if (schema.has("maxItems") && size > schema.get("maxItems").asLong()) {
      add(FieldError.Type.TOO_MANY, path, IntNode.valueOf(size),
          "must have at most " + schema.get("maxItems").asLong() + " items");
    }
    if (schema.has("minItems") && size < schema.get("minItems").asLong()) {
      add(FieldError.Type.INVALID, path, IntNode.valueOf(size),
          name(path) + " in body should have at least " + schema.get("minItems").asLong() + " items");
    }
    JsonNode items = schema.path("items");
    for (int i = 0; i < size && !full(); i++) {
      check(items, value.get(i), path + "[" + i + "]");
    }
  }

  private void checkString(JsonNode schema, JsonNode value, String path) {
    String text = value.asText();
    int length = text.codePointCount(0, text.length()); // OpenAPI counts characters, not UTF-16 units
    if (schema.has("maxLength") && length > schema.get("maxLength").asLong()) {
      long max = schema.get("maxLength").asLong();
      add(FieldError.Type.TOO_LONG, path, value, "may not be more than " + max + (max == 1 ? " byte" : " bytes"));
    }
    if (schema.has("minLength") && length < schema.get("minLength").asLong()) {
      add(FieldError.Type.INVALID, path, value,
          name(path) + " in body should be at least " + schema.get("minLength").asLong() + " chars long");
    }
    if (schema.has("pattern")) {
      String regex = schema.get("pattern").asText();
      Pattern pattern = pattern(regex);
      if (pattern != null && !pattern.matcher(text).find()) {
        add(FieldError.Type.INVALID, path, value, name(path) + " in body should match '" + regex + "'");
      }
    }
  }

  private void checkNumber(JsonNode schema, JsonNode value, String path) {
    java.math.BigDecimal number = value.decimalValue();
    if (schema.has("maximum")) {
      int cmp = number.compareTo(schema.get("maximum").decimalValue());
      boolean exclusive = schema.path("exclusiveMaximum").asBoolean(false);
      if (cmp > 0 || (exclusive && cmp == 0)) {
        add(FieldError.Type.INVALID, path, value, name(path) + " in body should be less than "
            + (exclusive ? "" : "or equal to ") + FieldError.number(schema.get("maximum")));
      }
    }
    if (schema.has("minimum")) {
      int cmp = number.compareTo(schema.get("minimum").decimalValue());
      boolean exclusive = schema.path("exclusiveMinimum").asBoolean(false);
      if (cmp < 0 || (exclusive && cmp == 0)) {
        add(FieldError.Type.INVALID, path, value, name(path) + " in body should be greater than "
            + (exclusive ? "" : "or equal to ") + FieldError.number(schema.get("minimum")));
      }
    }
  }

  private void checkEnum(JsonNode schema, JsonNode value, String path) {
    JsonNode allowed = schema.get("enum");
    if (allowed == null || !allowed.isArray() || allowed.isEmpty()) {
      return;
    }
    for (JsonNode candidate : allowed) {
      if (sameValue(candidate, value)) {
        return;
      }
    }
    String supported = StreamSupport.stream(allowed.spliterator(), false)
        .map(FieldError::render).collect(Collectors.joining(", "));
    add(FieldError.Type.NOT_SUPPORTED, path, value, "supported values: " + supported);
  }

  private void typeError(JsonNode schema, JsonNode value, String path) {
    String expected = schema.path("x-kubernetes-int-or-string").asBoolean(false) ? "integer,string"
        : schema.path("type").asText();
    String actual = typeOf(value);
    add(FieldError.Type.TYPE_INVALID, path, TextNode.valueOf(actual),
        name(path) + " in body must be of type " + expected + ": \"" + actual + "\"");
  }

  private static boolean declaresType(JsonNode schema) {
    return schema.hasNonNull("type") || schema.path("x-kubernetes-int-or-string").asBoolean(false);
  }

  private static boolean typeMatches(JsonNode schema, JsonNode value) {
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      return value.isTextual() || isInteger(value);
    }
    return switch (schema.path("type").asText("")) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "boolean" -> value.isBoolean();
      case "integer" -> isInteger(value);
      case "number" -> value.isNumber();
      default -> true; // no type: x-kubernetes-preserve-unknown-fields or an embedded value, anything goes
    };
  }

  /** Go decodes JSON numbers as int64 when they fit, and 1.0 counts as an integer in kube-openapi too. */
  private static boolean isInteger(JsonNode value) {
    if (value.isIntegralNumber()) {
      return true;
    }
    if (!value.isNumber()) {
      return false;
    }
    java.math.BigDecimal decimal = value.decimalValue();
    return decimal.signum() == 0 || decimal.stripTrailingZeros().scale() <= 0;
  }

  static String typeOf(JsonNode value) {
    if (value.isNull()) {
      return "null";
    }
    if (value.isObject()) {
      return "object";
    }
    if (value.isArray()) {
      return "array";
    }
    if (value.isTextual()) {
      return "string";
    }
    if (value.isBoolean()) {
      return "boolean";
    }
    if (value.isNumber()) {
      return isInteger(value) ? "integer" : "number";
    }
    return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static boolean sameValue(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return a.equals(b);
  }

  private static Pattern pattern(String regex) {
    Pattern cached = PATTERNS.get(regex);
    if (cached != null) {
      return cached;
    }
    try {
      Pattern compiled = Pattern.compile(regex);
      if (PATTERNS.size() < MAX_CACHED_PATTERNS) {
        PATTERNS.put(regex, compiled);
      }
      return compiled;
    } catch (PatternSyntaxException e) {
      return null; // a real server refuses such a CRD; here the pattern is simply not enforced
    }
  }

  private void add(FieldError.Type type, String path, JsonNode value, String detail) {
    if (!full()) {
      errors.add(new FieldError(type, path, value, detail));
    }
  }

  private boolean full() {
    return errors.size() >= MAX_ERRORS;
  }

  private static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** The path as kube-openapi names it inside its messages; the root is "body". */
  private static String name(String path) {
    return path.isEmpty() ? "body" : path;
  }
}
