package dev.kubicle.api.serialization;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Turns a Jackson failure into the short, safe text users see: the JSON path of the bad value and what was expected
 * there. Never the value itself (it can be megabytes, or a secret typed in the wrong field); every part is capped
 * and stripped of control and bidirectional characters.
 */
public final class ReadProblems {
  /** Longest path reported; deeper ones keep their start and end. */
  public static final int MAX_PATH = 200;
  /** Longest single path segment (a map key can be as long as the object). */
  static final int MAX_SEGMENT = 40;
  /** Longest problem text. */
  public static final int MAX_PROBLEM = 300;

  private ReadProblems() {}

  /** The reason {@code failure} gives for {@code raw} (the object as stored), with its path. */
  public static Unreadable describe(Throwable failure, JsonNode raw,
      com.fasterxml.jackson.databind.node.ObjectNode keep) {
    List<JsonMappingException.Reference> refs = failure instanceof JsonMappingException m ? m.getPath() : List.of();
    StringBuilder path = new StringBuilder();
    JsonNode found = raw;
    for (JsonMappingException.Reference ref : refs) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(safe(ref.getFieldName(), MAX_SEGMENT));
        found = found == null ? null : found.get(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
        found = found == null ? null : found.get(ref.getIndex());
      }
    }
    return new Unreadable(cap(path.toString(), MAX_PATH), cap(problem(failure, found), MAX_PROBLEM), keep);
  }

  private static String problem(Throwable failure, JsonNode found) {
    Throwable cause = failure;
    while (cause instanceof JsonMappingException && cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause(); // a setter's or a parser's own exception, wrapped with the path
    }
    String got = found == null ? null : kind(found);
    if (cause instanceof InputCoercionException coercion) {
      return "a number out of range" + (coercion.getTargetType() == null ? ""
          : " for " + expected(coercion.getTargetType()));
    }
    if (failure instanceof InvalidFormatException format && format.getTargetType() != null
        && format.getTargetType().isEnum()) {
      return "expected " + expected(format.getTargetType()) + (got == null ? "" : ", found another " + trim(got));
    }
    if (failure instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      if (found != null && found.isNumber() && expected(mismatch.getTargetType()).startsWith("a")
          && (Number.class.isAssignableFrom(mismatch.getTargetType()) || mismatch.getTargetType().isPrimitive())) {
        return "a number out of range for " + expected(mismatch.getTargetType()) + bounds(mismatch.getTargetType());
      }
      return "expected " + expected(mismatch.getTargetType()) + (got == null ? "" : ", found " + got);
    }
    if (cause instanceof JacksonException jackson) {
      return "cannot be read (" + safe(String.valueOf(jackson.getOriginalMessage()), 160) + ")";
    }
    return "cannot be read (" + cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + safe(cause.getMessage(), 160)) + ")";
  }

  private static String bounds(Class<?> type) {
    if (type == Integer.class || type == int.class) {
      return " (32-bit: at most " + Integer.MAX_VALUE + ")";
    }
    if (type == Long.class || type == long.class) {
      return " (64-bit: at most " + Long.MAX_VALUE + ")";
    }
    return "";
  }

  private static String trim(String kind) {
    return kind.startsWith("a ") ? kind.substring(2) : kind.startsWith("an ") ? kind.substring(3) : kind;
  }

  /** What a JSON value is, in words. */
  static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case STRING, BINARY -> "a string";
      case NUMBER -> node.isIntegralNumber() ? "an integer" : "a number";
      case BOOLEAN -> "a boolean";
      case OBJECT, POJO -> "an object";
      case ARRAY -> "a list";
      case NULL, MISSING -> "null";
    };
  }

  /** What a Java type expects, in the words of a manifest. */
  static String expected(Class<?> type) {
    if (type == Boolean.class || type == boolean.class) {
      return "a boolean (true or false)";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class
        || type == Short.class || type == short.class || type == java.math.BigInteger.class) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
      return "a number";
    }
    if (type == String.class || CharSequence.class.isAssignableFrom(type)) {
      return "a string";
    }
    if (type.isEnum()) {
      String values = Arrays.toString(type.getEnumConstants());
      return "one of " + cap(values, 160);
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "an object (a map)";
    }
    return "an object";
  }

  /** {@code text} without control or bidirectional-override characters, at most {@code max} characters. */
  public static String safe(String text, int max) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), max + 1));
    for (int i = 0; i < text.length() && out.length() <= max; ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      boolean hidden = Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT
          || Character.getType(cp) == Character.SURROGATE || Character.getType(cp) == Character.UNASSIGNED;
      out.append(hidden ? "?" : new String(Character.toChars(cp)));
    }
    return cap(out.toString(), max);
  }

  static String cap(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int head = max * 2 / 3;
    int tail = text.length() - (max - head - 1);
    if (Character.isHighSurrogate(text.charAt(head - 1))) {
      head--; // never half a character
    }
    if (Character.isLowSurrogate(text.charAt(tail))) {
      tail++;
    }
    return text.substring(0, head) + "…" + text.substring(tail);
  }
}
