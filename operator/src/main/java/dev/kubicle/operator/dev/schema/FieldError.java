package dev.kubicle.operator.dev.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.math.BigDecimal;

/**
 * One invalid field, worded as kube-apiserver words it ({@code spec.running: Invalid value: "string": ...}), so a
 * 422 from the dev cluster reads like one from a cluster and kubectl prints it the same way.
 *
 * @param type what kind of problem, which fixes the Status cause's reason
 * @param field the field path, {@code spec.parameters[0].name}
 * @param value the offending value (shown for the types that show one); null when there is none
 * @param detail the explanation after the value, may be empty
 */
public record FieldError(Type type, String field, JsonNode value, String detail) {

  /** The error types of k8s.io/apimachinery's field package that schema validation produces. */
  public enum Type {
    REQUIRED("FieldValueRequired", "Required value", false),
    INVALID("FieldValueInvalid", "Invalid value", true),
    TYPE_INVALID("FieldValueTypeInvalid", "Invalid value", true),
    NOT_SUPPORTED("FieldValueNotSupported", "Unsupported value", true),
    TOO_LONG("FieldValueTooLong", "Too long", false),
    TOO_MANY("FieldValueTooMany", "Too many", true);

    private final String reason;
    private final String label;
    private final boolean showsValue;

    Type(String reason, String label, boolean showsValue) {
      this.reason = reason;
      this.label = label;
      this.showsValue = showsValue;
    }

    /** The StatusCause reason, {@code FieldValueInvalid}. */
    public String reason() {
      return reason;
    }
  }

  /** The cause's message: everything after the field path, {@code Invalid value: "string": ...}. */
  public String body() {
    StringBuilder s = new StringBuilder(type.label);
    if (type.showsValue) {
      s.append(": ").append(render(value));
    }
    if (detail != null && !detail.isEmpty()) {
      s.append(": ").append(detail);
    }
    return s.toString();
  }

  @Override
  public String toString() {
    return field + ": " + body();
  }

  /** A value as Go's {@code %v}/{@code %q} print it in field errors: strings quoted, numbers plain, null "null". */
  static String render(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "null";
    }
    if (value instanceof POJONode raw) {
      return String.valueOf(raw.getPojo()); // printed as is, such as the 0x0 of an absent resourceVersion
    }
    if (value.isTextual()) {
      return value.toString(); // JSON string quoting: close to Go's %q for what our schemas hold
    }
    if (value.isNumber()) {
      return number(value);
    }
    return value.toString();
  }

  /** A number without a trailing ".0", as Go prints the float64 1 of {@code minimum: 1.0}. */
  static String number(JsonNode value) {
    BigDecimal decimal = value.decimalValue().stripTrailingZeros();
    return decimal.scale() <= 0 ? decimal.toBigInteger().toString() : decimal.toPlainString();
  }
}
