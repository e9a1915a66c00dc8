package dev.kubicle.api.validation;

import static dev.kubicle.api.validation.Texts.quote;

import dev.kubicle.api.v1alpha1.Monotonic;
import dev.kubicle.api.v1alpha1.ParameterType;
import dev.kubicle.api.v1alpha1.TemplateParameter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Validates a Workspace's parameter values against its template's parameters, on create and on update. */
public final class ParameterValidator {
  private static final String PATH = "spec.parameters.";

  private ParameterValidator() {}

  /**
   * Every problem with {@code values}.
   *
   * @param previousValues the effective values of the workspace's last build ({@link #effectiveValues}), or null
   *     on create; a parameter absent from it is new to the template and may be set freely, as in Coder
   */
  public static ValidationResult validate(List<TemplateParameter> params, Map<String, String> values,
      Map<String, String> previousValues) {
    List<TemplateParameter> parameters = params == null ? List.of() : params.stream().filter(Objects::nonNull).toList();
    Map<String, String> given = values == null ? Map.of() : values;
    List<Problem> problems = new ArrayList<>();
    List<String> known = parameters.stream().map(TemplateParameter::getName).filter(Objects::nonNull).toList();
    for (String name : given.keySet()) {
      if (!known.contains(name)) {
        String choices = known.isEmpty() ? "the template has no parameters"
            : "the template's parameters are " + String.join(", ", known);
        problems.add(new Problem(PATH + name, "unknown parameter " + quote(name) + ": " + choices));
      }
    }
    for (TemplateParameter parameter : parameters) {
      check(parameter, given.get(parameter.getName()), previousValues, problems);
    }
    return ValidationResult.of(problems);
  }

  /**
   * The value of every parameter after defaults, in template order: what a build passes to Terraform and records.
   * Ephemeral parameters appear only when given (their values are for one build); unknown names are dropped.
   */
  public static Map<String, String> effectiveValues(List<TemplateParameter> params, Map<String, String> values) {
    Map<String, String> given = values == null ? Map.of() : values;
    Map<String, String> effective = new LinkedHashMap<>();
    for (TemplateParameter parameter : params == null ? List.<TemplateParameter>of() : params) {
      if (parameter == null) {
        continue;
      }
      String value = given.get(parameter.getName());
      if (value == null && !parameter.isEphemeral()) {
        value = parameter.getDefaultValue();
      }
      if (value != null) {
        effective.put(parameter.getName(), value);
      }
    }
    return effective;
  }

  private static void check(TemplateParameter parameter, String value, Map<String, String> previousValues,
      List<Problem> problems) {
    String field = PATH + parameter.getName();
    if (value == null && parameter.isRequired()) {
      problems.add(new Problem(field, "is required: the template has no default for it"));
      return;
    }
    if (value != null) {
      List<String> messages = ValueRules.check(parameter, value);
      messages.forEach(m -> problems.add(new Problem(field, m)));
      if (!messages.isEmpty()) {
        return; // comparing a broken value with the previous one would only repeat the problem
      }
    }
    // Ephemeral values are never kept, so there is nothing to stay the same as or move away from.
    if (previousValues == null || parameter.isEphemeral() || !previousValues.containsKey(parameter.getName())) {
      return;
    }
    String previous = previousValues.get(parameter.getName());
    String effective = value != null ? value : parameter.getDefaultValue();
    if (previous == null || effective == null) {
      return;
    }
    if (!parameter.isMutable()) {
      checkUnchanged(parameter, field, value, previous, effective).ifPresent(problems::add);
    } else {
      checkMonotonic(parameter, field, previous, effective).ifPresent(problems::add);
    }
  }

  private static Optional<Problem> checkUnchanged(TemplateParameter parameter, String field, String value,
      String previous, String effective) {
    if (ValueRules.sameValue(parameter.effectiveType(), previous, effective)) {
      return Optional.empty();
    }
    if (value == null) {
      return Optional.of(new Problem(field, "is immutable and was " + quote(previous) + " when the workspace was "
          + "created; leaving it out would change it to the default " + quote(effective) + ": set it back to "
          + quote(previous) + ", or create a new workspace to use another value"));
    }
    return Optional.of(new Problem(field, "is immutable: the workspace was created with " + quote(previous)
        + " and it cannot change to " + quote(value) + "; set it back, or create a new workspace to use another value"));
  }

  private static Optional<Problem> checkMonotonic(TemplateParameter parameter, String field, String previous,
      String effective) {
    if (parameter.effectiveType() != ParameterType.NUMBER || parameter.getValidation() == null
        || parameter.getValidation().getMonotonic() == null) {
      return Optional.empty();
    }
    Optional<BigDecimal> before = ValueRules.number(previous);
    Optional<BigDecimal> after = ValueRules.number(effective);
    if (before.isEmpty() || after.isEmpty()) {
      return Optional.empty();
    }
    int direction = after.get().compareTo(before.get());
    Monotonic monotonic = parameter.getValidation().getMonotonic();
    if (monotonic == Monotonic.INCREASING && direction < 0) {
      return Optional.of(new Problem(field, "may only increase (monotonic increasing): it was " + previous
          + ", got " + effective));
    }
    if (monotonic == Monotonic.DECREASING && direction > 0) {
      return Optional.of(new Problem(field, "may only decrease (monotonic decreasing): it was " + previous
          + ", got " + effective));
    }
    return Optional.empty();
  }
}
