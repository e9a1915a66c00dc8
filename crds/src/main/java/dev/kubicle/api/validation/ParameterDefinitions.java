package dev.kubicle.api.validation;

import static dev.kubicle.api.validation.Texts.quote;

import dev.kubicle.api.v1alpha1.ParameterOption;
import dev.kubicle.api.v1alpha1.ParameterType;
import dev.kubicle.api.v1alpha1.ParameterValidation;
import dev.kubicle.api.v1alpha1.TemplateParameter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks the parameter declarations of a template the way Coder's provider checks coder_parameter blocks. */
final class ParameterDefinitions {
  static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_]{0,62}$");
  static final int MAX_OPTIONS = 64;

  private final List<Problem> problems;

  ParameterDefinitions(List<Problem> problems) {
    this.problems = problems;
  }

  void check(List<TemplateParameter> parameters) {
    Map<String, Integer> firstIndexByName = new HashMap<>();
    for (int i = 0; i < parameters.size(); i++) {
      String path = "spec.parameters[" + i + "]";
      TemplateParameter parameter = parameters.get(i);
      if (parameter == null) {
        add(path, "must not be null");
        continue;
      }
      checkName(path, i, parameter.getName(), firstIndexByName);
      checkEphemeral(path, parameter);
      checkOptions(path, parameter);
      checkValidation(path, parameter);
      if (parameter.getDefaultValue() != null) {
        ValueRules.check(parameter, parameter.getDefaultValue()).forEach(m -> add(path + ".defaultValue", m));
      }
    }
  }

  private void checkName(String path, int index, String name, Map<String, Integer> firstIndexByName) {
    if (name == null || name.isEmpty()) {
      add(path + ".name", "is required");
      return;
    }
    if (!NAME.matcher(name).matches()) {
      add(path + ".name", quote(name) + " is not a valid parameter name: use lower case letters, digits and "
          + "underscores, starting with a letter, at most 63 characters (" + NAME.pattern() + ")");
    }
    Integer first = firstIndexByName.putIfAbsent(name, index);
    if (first != null) {
      add(path + ".name", "duplicate parameter name " + quote(name) + ": spec.parameters[" + first + "] already uses it");
    }
  }

  // Coder's provider refuses both: an ephemeral value is not kept, so it must be changeable and have a fallback.
  private void checkEphemeral(String path, TemplateParameter parameter) {
    if (!parameter.isEphemeral()) {
      return;
    }
    if (!parameter.isMutable()) {
      add(path + ".mutable", "must be true for an ephemeral parameter: its value changes from build to build");
    }
    if (parameter.getDefaultValue() == null) {
      add(path + ".defaultValue", "is required for an ephemeral parameter: builds that do not give a value use it");
    }
  }

  private void checkOptions(String path, TemplateParameter parameter) {
    List<ParameterOption> options = parameter.getOptions();
    if (options == null || options.isEmpty()) {
      return;
    }
    if (options.size() > MAX_OPTIONS) {
      add(path + ".options", "has " + options.size() + " options; at most " + MAX_OPTIONS + " are allowed");
    }
    if (parameter.getValidation() != null) {
      add(path + ".validation", "cannot be combined with options (Coder forbids both): the options already limit "
          + "the values; remove one of them");
    }
    Map<String, Integer> names = new HashMap<>();
    Map<String, Integer> values = new HashMap<>();
    for (int j = 0; j < options.size(); j++) {
      String optionPath = path + ".options[" + j + "]";
      ParameterOption option = options.get(j);
      if (option == null) {
        add(optionPath, "must not be null");
        continue;
      }
      unique(optionPath, "name", option.getName(), j, names);
      unique(optionPath, "value", option.getValue(), j, values);
      ParameterType type = parameter.effectiveType();
      // A list(string) option is one item of the list, so it is checked as a plain string.
      if (option.getValue() != null && type != ParameterType.LIST_OF_STRING) {
        ValueRules.typeError(type, option.getValue()).ifPresent(m -> add(optionPath + ".value", m));
      }
    }
  }

  private void unique(String optionPath, String field, String value, int index, Map<String, Integer> seen) {
    if (value == null) {
      add(optionPath + "." + field, "is required");
      return;
    }
    Integer first = seen.putIfAbsent(value, index);
    if (first != null) {
      add(optionPath + "." + field, "duplicate option " + field + " " + quote(value) + ": options[" + first
          + "] already uses it");
    }
  }

  private void checkValidation(String path, TemplateParameter parameter) {
    ParameterValidation validation = parameter.getValidation();
    if (validation == null) {
      return;
    }
    String vPath = path + ".validation";
    ParameterType type = parameter.effectiveType();
    if (validation.getRegex() != null) {
      if (type != ParameterType.STRING) {
        add(vPath + ".regex", "only applies to string parameters, not " + type.wireName());
      }
      TemplateRegex.problem(validation.getRegex()).ifPresent(problem -> add(vPath + ".regex", problem));
      if (!ValueRules.hasError(validation)) {
        add(vPath + ".error", "is required with validation.regex: it is the message a user sees when a value does "
            + "not match ({value}, {min} and {max} are replaced)");
      }
    }
    if (type != ParameterType.NUMBER) {
      String notNumber = "only applies to number parameters, not " + type.wireName();
      if (validation.getMin() != null) {
        add(vPath + ".min", notNumber);
      }
      if (validation.getMax() != null) {
        add(vPath + ".max", notNumber);
      }
      if (validation.getMonotonic() != null) {
        add(vPath + ".monotonic", notNumber);
      }
    }
    if (validation.getMin() != null && validation.getMax() != null && validation.getMin() > validation.getMax()) {
      add(vPath, "min (" + validation.getMin() + ") is greater than max (" + validation.getMax() + ")");
    }
  }

  private void add(String field, String message) {
    problems.add(new Problem(field, message));
  }
}
