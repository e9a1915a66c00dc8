package dev.kubicle.api.validation;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The outcome of a validation: every problem found, in a stable order (the same input gives the same summary). */
public record ValidationResult(List<Problem> problems) {
  private static final ValidationResult OK = new ValidationResult(List.of());

  public ValidationResult {
    problems = List.copyOf(problems);
  }

  public static ValidationResult ok() {
    return OK;
  }

  public static ValidationResult of(List<Problem> problems) {
    return problems.isEmpty() ? OK : new ValidationResult(problems);
  }

  public boolean isValid() {
    return problems.isEmpty();
  }

  /** "field: message; field: message", short enough for a condition message or an admission denial. */
  public String summary() {
    return problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
  }

  /** Both results' problems, this one's first. */
  public ValidationResult and(ValidationResult other) {
    if (other.isValid()) {
      return this;
    }
    if (isValid()) {
      return other;
    }
    return new ValidationResult(Stream.concat(problems.stream(), other.problems.stream()).toList());
  }
}
