package dev.kubicle.operator.console.api;

import dev.kubicle.api.v1alpha1.AgentTaskSpec;
import dev.kubicle.api.v1alpha1.TaskLimits;
import dev.kubicle.operator.console.ApiException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a create-task request body into an AgentTask spec, refusing wrong types, unknown fields and values below the
 * CRD's minimums with the field's path (the rest is AgentTaskValidator's job, shared with the webhook).
 */
final class TaskRequests {
  private static final Set<String> FIELDS = Set.of("name", "workspace", "prompt", "model", "limits", "allowedTools");
  private static final Set<String> LIMITS = Set.of("maxTurns", "maxTokens", "maxCostMicros", "timeout",
      "toolTimeout", "toolOutputBytes", "stuckThreshold");

  private TaskRequests() {}

  static AgentTaskSpec spec(JsonObject body) {
    unknown(body, FIELDS, "");
    AgentTaskSpec spec = new AgentTaskSpec();
    spec.setWorkspace(ApiResponses.string(body, "workspace", false));
    spec.setPrompt(ApiResponses.string(body, "prompt", false));
    spec.setModel(blankToNull(ApiResponses.string(body, "model", false)));
    Object limits = body.getValue("limits");
    if (limits != null) {
      if (!(limits instanceof JsonObject object)) {
        throw ApiException.badRequest("limits must be an object", "limits");
      }
      spec.setLimits(limits(object));
    }
    Object tools = body.getValue("allowedTools");
    if (tools != null) {
      if (!(tools instanceof JsonArray list)) {
        throw ApiException.badRequest("allowedTools must be a list of tool names", "allowedTools");
      }
      List<String> names = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        if (!(list.getValue(i) instanceof String name)) {
          throw ApiException.badRequest("allowedTools[" + i + "] must be a tool name", "allowedTools[" + i + "]");
        }
        names.add(name);
      }
      spec.setAllowedTools(names);
    }
    return spec;
  }

  private static TaskLimits limits(JsonObject body) {
    unknown(body, LIMITS, "limits.");
    TaskLimits limits = new TaskLimits();
    limits.setMaxTurns(toInt(number(body, "maxTurns", 1)));
    limits.setMaxTokens(number(body, "maxTokens", 1));
    limits.setMaxCostMicros(number(body, "maxCostMicros", 0));
    limits.setTimeout(ApiResponses.string(body, "timeout", false));
    limits.setToolTimeout(ApiResponses.string(body, "toolTimeout", false));
    limits.setToolOutputBytes(toInt(number(body, "toolOutputBytes", 1)));
    limits.setStuckThreshold(toInt(number(body, "stuckThreshold", 2)));
    return limits;
  }

  private static Long number(JsonObject body, String field, long min) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Integer || value instanceof Long)) {
      throw ApiException.badRequest("limits." + field + " must be a whole number", "spec.limits." + field);
    }
    long number = ((Number) value).longValue();
    if (number < min) {
      throw new ApiException(422, "invalid", "spec.limits." + field + ": must be at least " + min + ", got " + number,
          "spec.limits." + field, null);
    }
    return number;
  }

  private static Integer toInt(Long value) {
    if (value == null) {
      return null;
    }
    return (int) Math.min(value, Integer.MAX_VALUE);
  }

  private static void unknown(JsonObject body, Set<String> known, String prefix) {
    for (String field : body.fieldNames()) {
      if (!known.contains(field)) {
        throw ApiException.badRequest("unknown field " + prefix + field + " (known: " + String.join(", ",
            known.stream().sorted().toList()) + ")", prefix + field);
      }
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
