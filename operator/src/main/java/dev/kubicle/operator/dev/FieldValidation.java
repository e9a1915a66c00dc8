package dev.kubicle.operator.dev;

import java.util.Optional;

/**
 * The {@code fieldValidation} query parameter of create, update and patch (GA in Kubernetes 1.27): what the server
 * does with fields the schema does not declare. Absent means {@link #WARN}, as on a real server; kubectl sends
 * {@code Strict} unless told {@code --validate=warn} or {@code --validate=false} ({@code Ignore}).
 */
enum FieldValidation {
  /** Drop unknown fields silently. */
  IGNORE("Ignore"),
  /** Drop them and say so in a {@code Warning: 299} header per field, which kubectl prints. */
  WARN("Warn"),
  /** Refuse the request with 400 BadRequest naming them. */
  STRICT("Strict");

  static final String PARAMETER = "fieldValidation";

  private final String wire;

  FieldValidation(String wire) {
    this.wire = wire;
  }

  /** The directive for a query value; empty for a value the server refuses (null or blank means Warn). */
  static Optional<FieldValidation> parse(String value) {
    if (value == null || value.isEmpty()) {
      return Optional.of(WARN);
    }
    for (FieldValidation v : values()) {
      if (v.wire.equals(value)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  /** The refusal of an unknown value, worded as the server's. */
  static String unsupported(String value) {
    return "fieldValidation: Unsupported value: \"" + value + "\": supported values: \"Ignore\", \"Strict\", \"Warn\"";
  }
}
