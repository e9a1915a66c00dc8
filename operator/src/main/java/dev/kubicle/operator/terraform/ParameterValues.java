package dev.kubicle.operator.terraform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kubicle.api.v1alpha1.ParameterType;
import java.math.BigDecimal;

/** Turns a parameter value as stored in a Workspace (always a string) into the JSON value Terraform expects. */
final class ParameterValues {
  // Terraform numbers are arbitrary precision, but "1e999999999" would expand to a billion digits.
  private static final int MAX_DIGITS = 1000;
  private static final int MAX_QUOTED_VALUE = 80;

  private ParameterValues() {}

  static JsonNode toJson(String name, ParameterType type, String value) {
    if (value == null) {
      throw new TerraformRenderException("parameter " + name + " has no value (and no default was applied)");
    }
    return switch (type) {
      case STRING -> TextNode.valueOf(value);
      case NUMBER -> number(name, value);
      case BOOL -> bool(name, value);
      case LIST_OF_STRING -> listOfString(name, value);
    };
  }

  private static JsonNode number(String name, String value) {
    BigDecimal decimal;
    try {
      decimal = new BigDecimal(value.trim());
    } catch (NumberFormatException e) {
      throw invalid(name, "number", value, "it is not a number");
    }
    if (decimal.precision() - decimal.scale() > MAX_DIGITS || decimal.scale() > MAX_DIGITS) {
      throw invalid(name, "number", value, "it is out of range");
    }
    // Whole numbers render as integers (3, 1e3 -> 1000); decimals keep the digits given (1.50 stays 1.50).
    if (decimal.scale() <= 0) {
      return JsonNodeFactory.instance.numberNode(decimal.toBigIntegerExact());
    }
    return DecimalNode.valueOf(decimal);
  }

  private static JsonNode bool(String name, String value) {
    return switch (value.trim()) {
      case "true" -> BooleanNode.TRUE;
      case "false" -> BooleanNode.FALSE;
      default -> throw invalid(name, "bool", value, "it must be true or false");
    };
  }

  private static JsonNode listOfString(String name, String value) {
    JsonNode parsed;
    try {
      parsed = TerraformJson.MAPPER.readTree(value);
    } catch (JsonProcessingException e) {
      throw invalid(name, "list(string)", value, "it is not a JSON array");
    }
    if (parsed == null || !parsed.isArray()) {
      throw invalid(name, "list(string)", value, "it is not a JSON array");
    }
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    for (JsonNode item : parsed) {
      if (!item.isTextual()) {
        throw invalid(name, "list(string)", value, "every item must be a string");
      }
      list.add(item);
    }
    return list;
  }

  private static TerraformRenderException invalid(String name, String type, String value, String why) {
    String shown = value.length() > MAX_QUOTED_VALUE ? value.substring(0, MAX_QUOTED_VALUE) + "..." : value;
    return new TerraformRenderException(
        "parameter " + name + " (" + type + ") has value \"" + shown + "\": " + why);
  }
}
