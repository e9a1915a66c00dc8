package dev.kubicle.api.validation;

import static dev.kubicle.api.validation.Texts.quote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubicle.api.v1alpha1.ParameterOption;
import dev.kubicle.api.v1alpha1.ParameterType;
import dev.kubicle.api.v1alpha1.ParameterValidation;
import dev.kubicle.api.v1alpha1.TemplateParameter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Checks one parameter value against its type, options, regex and bounds; shared by template defaults and workspaces. */
final class ValueRules {
  // Trailing tokens would let '["a"] junk' through as a list.
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private ValueRules() {}

  /** Every message for {@code value}; stops after a type error, since the other rules assume the type. */
  static List<String> check(TemplateParameter parameter, String value) {
    Optional<String> typeError = typeError(parameter.effectiveType(), value);
    if (typeError.isPresent()) {
      return List.of(typeError.get());
    }
    List<String> messages = new ArrayList<>();
    checkOptions(parameter, value, messages);
    ParameterValidation validation = parameter.getValidation();
    if (validation != null) {
      checkRegex(parameter.effectiveType(), validation, value, messages);
      checkBounds(parameter.effectiveType(), validation, value, messages);
    }
    return messages;
  }

  static Optional<String> typeError(ParameterType type, String value) {
    switch (type) {
      case NUMBER:
        return number(value).isPresent() ? Optional.empty() : Optional.of(quote(value) + " is not a number");
      case BOOL:
        return value.equals("true") || value.equals("false")
            ? Optional.empty() : Optional.of(quote(value) + " is not a bool: use true or false");
      case LIST_OF_STRING:
        return stringList(value).isPresent() ? Optional.empty()
            : Optional.of(quote(value) + " is not a list(string): write a JSON array of strings, like [\"a\",\"b\"]");
      default:
        return Optional.empty();
    }
  }

  /** Integers and decimals alike (Coder accepts both); BigDecimal so that large values compare exactly. */
  static Optional<BigDecimal> number(String value) {
    try {
      return Optional.of(new BigDecimal(value));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  static Optional<List<String>> stringList(String value) {
    try {
      JsonNode node = JSON.readTree(value);
      if (node == null || !node.isArray()) {
        return Optional.empty();
      }
      List<String> items = new ArrayList<>();
      for (JsonNode item : node) {
        if (!item.isTextual()) {
          return Optional.empty();
        }
        items.add(item.asText());
      }
      return Optional.of(items);
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /** Equal as values of {@code type}: "2" and "2.0" are the same number, list whitespace does not matter. */
  static boolean sameValue(ParameterType type, String a, String b) {
    if (type == ParameterType.NUMBER) {
      Optional<BigDecimal> x = number(a);
      Optional<BigDecimal> y = number(b);
      if (x.isPresent() && y.isPresent()) {
        return x.get().compareTo(y.get()) == 0;
      }
    } else if (type == ParameterType.LIST_OF_STRING) {
      Optional<List<String>> x = stringList(a);
      Optional<List<String>> y = stringList(b);
      if (x.isPresent() && y.isPresent()) {
        return x.equals(y);
      }
    }
    return Objects.equals(a, b);
  }

  /** The template's own error message with Coder's placeholders filled in. */
  static String render(ParameterValidation validation, String value) {
    String message = validation.getError().replace("{value}", value);
    if (validation.getMin() != null) {
      message = message.replace("{min}", validation.getMin().toString());
    }
    if (validation.getMax() != null) {
      message = message.replace("{max}", validation.getMax().toString());
    }
    return message;
  }

  static boolean hasError(ParameterValidation validation) {
    return validation.getError() != null && !validation.getError().isBlank();
  }

  private static void checkOptions(TemplateParameter parameter, String value, List<String> messages) {
    List<ParameterOption> options = parameter.getOptions();
    if (options == null || options.isEmpty()) {
      return;
    }
    List<String> allowed = options.stream().map(ParameterOption::getValue).filter(Objects::nonNull).toList();
    String allowedText = Texts.quoteAll(allowed);
    if (parameter.effectiveType() == ParameterType.LIST_OF_STRING) {
      // A list(string) with options is a multi-select: each item must be one of them.
      for (String item : stringList(value).orElse(List.of())) {
        if (!allowed.contains(item)) {
          messages.add("list item " + quote(item) + " is not one of the options: allowed values are " + allowedText);
        }
      }
    } else if (allowed.stream().noneMatch(option -> sameValue(parameter.effectiveType(), option, value))) {
      messages.add(quote(value) + " is not one of the options: allowed values are " + allowedText);
    }
  }

  private static void checkRegex(ParameterType type, ParameterValidation validation, String value, List<String> messages) {
    if (type != ParameterType.STRING || validation.getRegex() == null) {
      return;
    }
    if (TemplateRegex.problem(validation.getRegex()).isPresent()) {
      return; // the template validator reports it; a workspace is never built from an invalid template
    }
    Optional<String> tooLong = TemplateRegex.valueTooLong(validation.getRegex(), value);
    if (tooLong.isPresent()) {
      messages.add(tooLong.get());
    } else if (!TemplateRegex.matches(validation.getRegex(), value)) {
      messages.add(hasError(validation) ? render(validation, value)
          : quote(value) + " does not match the pattern " + validation.getRegex());
    }
  }

  private static void checkBounds(ParameterType type, ParameterValidation validation, String value, List<String> messages) {
    if (type != ParameterType.NUMBER) {
      return;
    }
    BigDecimal number = number(value).orElseThrow();
    // As in Coder, a template's own error message replaces ours for bounds too.
    if (validation.getMin() != null && number.compareTo(BigDecimal.valueOf(validation.getMin())) < 0) {
      messages.add(hasError(validation) ? render(validation, value)
          : "must be at least " + validation.getMin() + " (got " + value + ")");
    }
    if (validation.getMax() != null && number.compareTo(BigDecimal.valueOf(validation.getMax())) > 0) {
      messages.add(hasError(validation) ? render(validation, value)
          : "must be at most " + validation.getMax() + " (got " + value + ")");
    }
  }
}
