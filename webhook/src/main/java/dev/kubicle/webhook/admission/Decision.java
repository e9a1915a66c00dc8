package dev.kubicle.webhook.admission;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;

/** A rule's answer: allowed or not, why (the message kubectl prints), an optional JSONPatch and warnings. */
public record Decision(boolean allowed, int code, String message, ArrayNode patch, List<String> warnings) {
  public static final int FORBIDDEN = 403;
  public static final int INVALID = 422;

  public Decision {
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  public static Decision allow() {
    return new Decision(true, 200, "", null, List.of());
  }

  public static Decision allow(List<String> warnings) {
    return new Decision(true, 200, "", null, warnings);
  }

  public static Decision patch(ArrayNode patch) {
    return new Decision(true, 200, "", patch == null || patch.isEmpty() ? null : patch, List.of());
  }

  /** Denied because of who asks (ownership). */
  public static Decision forbid(String message) {
    return new Decision(false, FORBIDDEN, message, null, List.of());
  }

  /** Denied because of what the object says (validation). */
  public static Decision invalid(String message) {
    return new Decision(false, INVALID, message, null, List.of());
  }
}
