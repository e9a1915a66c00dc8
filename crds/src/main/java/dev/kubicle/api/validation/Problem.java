package dev.kubicle.api.validation;

import java.util.Objects;

/** One thing wrong with a manifest: the field path a user can find in their YAML, and what rule it breaks. */
public record Problem(String field, String message) {
  public Problem {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }

  /** "field: message", the form used in conditions, events and admission responses. */
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
