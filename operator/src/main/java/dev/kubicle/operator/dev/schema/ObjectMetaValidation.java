package dev.kubicle.operator.dev.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The ObjectMeta checks kube-apiserver makes on every object (apimachinery's ValidateObjectMeta), in its words: the
 * name is a DNS-1123 subdomain, label keys and values and annotation keys have the right syntax, annotations stay
 * under 256 KiB. Written as character loops, not regular expressions, so no input can make them slow.
 */
public final class ObjectMetaValidation {

  static final int MAX_NAME = 253;
  static final int MAX_LABEL = 63;
  static final int MAX_ANNOTATIONS_BYTES = 256 * 1024;

  private static final String SUBDOMAIN_RULE = "a lowercase RFC 1123 subdomain must consist of lower case "
      + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. "
      + "'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  private static final String LABEL_VALUE_RULE = "a valid label must be an empty string or consist of alphanumeric "
      + "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
      + "'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
  private static final String NAME_PART_RULE = "name part must consist of alphanumeric characters, '-', '_' or "
      + "'.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', "
      + "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

  private ObjectMetaValidation() {
  }

  /**
   * The problems of a (type-checked) metadata object.
   *
   * @param create whether this is a create, the only write where the name is checked (it cannot change later)
   */
  public static List<FieldError> validate(JsonNode metadata, boolean create) {
    List<FieldError> errors = new ArrayList<>();
    String name = metadata.path("name").asText("");
    if (create && name.isEmpty() && metadata.path("generateName").asText("").isEmpty()) {
      errors.add(new FieldError(FieldError.Type.REQUIRED, "metadata.name", null, "name or generateName is required"));
    } else if (create && !name.isEmpty()) {
      subdomain(name, "metadata.name", errors);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = metadata.path("labels").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> label = it.next();
      qualifiedName(label.getKey(), false, "metadata.labels", errors);
      String value = label.getValue().asText("");
      if (value.length() > MAX_LABEL) {
        errors.add(new FieldError(FieldError.Type.INVALID, "metadata.labels", TextNode.valueOf(value),
            "must be no more than " + MAX_LABEL + " characters"));
      } else if (!value.isEmpty() && !namePart(value)) {
        errors.add(new FieldError(FieldError.Type.INVALID, "metadata.labels", TextNode.valueOf(value),
            LABEL_VALUE_RULE));
      }
    }
    long bytes = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = metadata.path("annotations").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> annotation = it.next();
      qualifiedName(annotation.getKey(), true, "metadata.annotations", errors); // checked in lower case, as Go does
      bytes += annotation.getKey().getBytes(StandardCharsets.UTF_8).length
          + annotation.getValue().asText("").getBytes(StandardCharsets.UTF_8).length;
    }
    if (bytes > MAX_ANNOTATIONS_BYTES) {
      errors.add(new FieldError(FieldError.Type.TOO_LONG, "metadata.annotations", null,
          "must have at most " + MAX_ANNOTATIONS_BYTES + " bytes"));
    }
    return errors;
  }

  private static void subdomain(String value, String field, List<FieldError> errors) {
    if (value.length() > MAX_NAME) {
      errors.add(new FieldError(FieldError.Type.INVALID, field, TextNode.valueOf(value),
          "must be no more than " + MAX_NAME + " characters"));
    }
    if (!isSubdomain(value)) {
      errors.add(new FieldError(FieldError.Type.INVALID, field, TextNode.valueOf(value), SUBDOMAIN_RULE));
    }
  }

  /** A label or annotation key: an optional DNS subdomain prefix and '/', then a name part of at most 63. */
  private static void qualifiedName(String key, boolean anyCase, String field, List<FieldError> errors) {
    int slash = key.indexOf('/');
    String prefix = slash < 0 ? null : key.substring(0, slash);
    if (prefix != null && anyCase) {
      prefix = prefix.toLowerCase(java.util.Locale.ROOT);
    }
    String part = slash < 0 ? key : key.substring(slash + 1);
    if (prefix != null && (prefix.isEmpty() || prefix.length() > MAX_NAME || !isSubdomain(prefix))) {
      errors.add(new FieldError(FieldError.Type.INVALID, field, TextNode.valueOf(key),
          "prefix part " + SUBDOMAIN_RULE));
    }
    if (part.isEmpty() || part.length() > MAX_LABEL || !namePart(part)) {
      errors.add(new FieldError(FieldError.Type.INVALID, field, TextNode.valueOf(key),
          part.length() > MAX_LABEL ? "name part must be no more than " + MAX_LABEL + " characters"
              : NAME_PART_RULE));
    }
  }

  static boolean isSubdomain(String value) {
    if (value.isEmpty()) {
      return false;
    }
    for (String label : value.split("\\.", -1)) {
      if (label.isEmpty() || !alnumLower(label.charAt(0)) || !alnumLower(label.charAt(label.length() - 1))) {
        return false;
      }
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        if (!alnumLower(c) && c != '-') {
          return false;
        }
      }
    }
    return true;
  }

  /** Alphanumerics, '-', '_' and '.', starting and ending with an alphanumeric. */
  static boolean namePart(String value) {
    if (value.isEmpty() || !alnum(value.charAt(0)) || !alnum(value.charAt(value.length() - 1))) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!alnum(c) && c != '-' && c != '_' && c != '.') {
        return false;
      }
    }
    return true;
  }

  private static boolean alnumLower(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  private static boolean alnum(char c) {
    return alnumLower(c) || (c >= 'A' && c <= 'Z');
  }
}
