package dev.kubicle.operator.provision;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kubicle.api.v1alpha1.BuildTransition;
import dev.kubicle.api.validation.Durations;
import dev.kubicle.operator.kube.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scripted results of an echo template, read from its file echo.json:
 * {"start": {"result": "success"|"failure", "message": "...", "outputs": {...}, "log": [...], "delay": "200ms"}, ...}.
 * A transition the script leaves out succeeds at once.
 */
public record EchoScript(Map<BuildTransition, Step> steps) {
  public static final String FILE = "echo.json";

  /** One transition's scripted outcome. */
  public record Step(boolean success, String message, Map<String, String> outputs, List<String> log, Duration delay) {
    static final Step DEFAULT = new Step(true, "", Map.of(), List.of(), Duration.ZERO);
  }

  public Step step(BuildTransition transition) {
    return steps.getOrDefault(transition, Step.DEFAULT);
  }

  /** Parses the script; a malformed one is reported with the file and field, as a failed build would be. */
  public static EchoScript parse(String text) {
    Map<BuildTransition, Step> steps = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return new EchoScript(steps);
    }
    try {
      JsonNode root = Json.mapper().readTree(text);
      for (BuildTransition transition : BuildTransition.values()) {
        JsonNode node = root.get(transition.wireName());
        if (node != null) {
          steps.put(transition, step(transition, node));
        }
      }
      return new EchoScript(steps);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(FILE + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static Step step(BuildTransition transition, JsonNode node) {
    String result = node.path("result").asText("success");
    if (!result.equals("success") && !result.equals("failure")) {
      throw new IllegalArgumentException(FILE + ": " + transition.wireName()
          + ".result must be success or failure (got " + result + ")");
    }
    Map<String, String> outputs = new LinkedHashMap<>();
    node.path("outputs").fields().forEachRemaining(e ->
        outputs.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
    List<String> log = new ArrayList<>();
    node.path("log").forEach(line -> log.add(line.asText()));
    Duration delay = node.hasNonNull("delay")
        ? Durations.parse(transition.wireName() + ".delay", node.get("delay").asText())
        : Duration.ZERO;
    return new Step(result.equals("success"), node.path("message").asText(""), outputs, log, delay);
  }
}
