package dev.kubicle.operator.dev.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validation ratcheting (Kubernetes 1.30+, on by default): an update is not refused for a value it did not change,
 * so an object stored under an older, looser schema can still get its finalizer removed or its status written.
 * An error stays when the field's value differs from the stored object's, or its path cannot be followed (a map key
 * with a dot in it).
 */
public final class Ratchet {

  private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)((?:\\[\\d+\\])*)");
  private static final Pattern INDEX = Pattern.compile("\\[(\\d+)\\]");

  private Ratchet() {
  }

  /** The errors of {@code updated} that are about values it changed relative to {@code stored}. */
  public static List<FieldError> changedOnly(List<FieldError> errors, JsonNode stored, JsonNode updated) {
    return errors.stream().filter(error -> {
      Optional<String> pointer = pointer(error.field());
      return pointer.isEmpty() || !stored.at(pointer.get()).equals(updated.at(pointer.get()));
    }).toList();
  }

  /** {@code spec.x[1].n} as the JSON pointer {@code /spec/x/1/n}; empty when the path is ambiguous. */
  static Optional<String> pointer(String field) {
    StringBuilder pointer = new StringBuilder();
    for (String part : field.split("\\.", -1)) {
      Matcher m = SEGMENT.matcher(part);
      if (!m.matches()) {
        return Optional.empty();
      }
      pointer.append('/').append(m.group(1).replace("~", "~0").replace("/", "~1"));
      Matcher index = INDEX.matcher(m.group(2));
      while (index.find()) {
        pointer.append('/').append(index.group(1));
      }
    }
    return Optional.of(pointer.toString());
  }
}
