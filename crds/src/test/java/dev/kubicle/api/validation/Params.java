package dev.kubicle.api.validation;

import dev.kubicle.api.v1alpha1.Monotonic;
import dev.kubicle.api.v1alpha1.ParameterOption;
import dev.kubicle.api.v1alpha1.ParameterType;
import dev.kubicle.api.v1alpha1.ParameterValidation;
import dev.kubicle.api.v1alpha1.TemplateParameter;
import java.util.ArrayList;
import java.util.List;

/** Test builders for template parameters, so each test states only what it is about. */
final class Params {
  private Params() {}

  static TemplateParameter param(String name, ParameterType type, String defaultValue) {
    TemplateParameter parameter = new TemplateParameter();
    parameter.setName(name);
    parameter.setType(type);
    parameter.setDefaultValue(defaultValue);
    return parameter;
  }

  static TemplateParameter string(String name, String defaultValue) {
    return param(name, ParameterType.STRING, defaultValue);
  }

  static TemplateParameter number(String name, String defaultValue, Long min, Long max) {
    TemplateParameter parameter = param(name, ParameterType.NUMBER, defaultValue);
    parameter.setValidation(validation(null, null, min, max, null));
    return parameter;
  }

  static TemplateParameter withOptions(TemplateParameter parameter, String... values) {
    List<ParameterOption> options = new ArrayList<>();
    for (String value : values) {
      options.add(new ParameterOption(value.toUpperCase(java.util.Locale.ROOT), value));
    }
    parameter.setOptions(options);
    return parameter;
  }

  static TemplateParameter withRegex(TemplateParameter parameter, String regex, String error) {
    parameter.setValidation(validation(regex, error, null, null, null));
    return parameter;
  }

  static TemplateParameter mutable(TemplateParameter parameter) {
    parameter.setMutable(true);
    return parameter;
  }

  static TemplateParameter ephemeral(TemplateParameter parameter) {
    parameter.setEphemeral(true);
    return parameter;
  }

  static TemplateParameter monotonic(TemplateParameter parameter, Monotonic monotonic) {
    if (parameter.getValidation() == null) {
      parameter.setValidation(new ParameterValidation());
    }
    parameter.getValidation().setMonotonic(monotonic);
    return parameter;
  }

  static ParameterValidation validation(String regex, String error, Long min, Long max, Monotonic monotonic) {
    ParameterValidation validation = new ParameterValidation();
    validation.setRegex(regex);
    validation.setError(error);
    validation.setMin(min);
    validation.setMax(max);
    validation.setMonotonic(monotonic);
    return validation;
  }
}
