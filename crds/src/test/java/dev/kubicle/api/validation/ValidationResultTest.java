package dev.kubicle.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationResultTest {
  @Test
  void resultWithoutProblemsIsValidWithEmptySummary() {
    assertThat(ValidationResult.ok().isValid()).isTrue();
    assertThat(ValidationResult.of(List.of()).summary()).isEmpty();
  }

  @Test
  void summaryJoinsFieldAndMessagePairs() {
    ValidationResult result = ValidationResult.of(List.of(new Problem("spec.a", "is required"),
        new Problem("spec.b", "must be at least 1 (got 0)")));
    assertThat(result.isValid()).isFalse();
    assertThat(result.summary()).isEqualTo("spec.a: is required; spec.b: must be at least 1 (got 0)");
  }

  @Test
  void andKeepsTheProblemsOfBothInOrder() {
    ValidationResult first = ValidationResult.of(List.of(new Problem("a", "x")));
    ValidationResult second = ValidationResult.of(List.of(new Problem("b", "y")));
    assertThat(first.and(second).summary()).isEqualTo("a: x; b: y");
    assertThat(ValidationResult.ok().and(second)).isSameAs(second);
  }
}
