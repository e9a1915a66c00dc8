package dev.kubicle.operator.task;

import dev.kubicle.operator.kube.Json;
import dev.kubicle.operator.task.llm.ToolCall;

/** Counts how often the very same tool call (name and arguments) came in a row; a loop going nowhere repeats itself. */
final class StuckDetector {
  private final int threshold;
  private String last;
  private int repeats;

  StuckDetector(int threshold) {
    this.threshold = threshold;
  }

  /** Notes the next call; true when it makes {@code threshold} identical calls in a row. */
  boolean stuckAfter(ToolCall call) {
    String key = call.name() + " " + Json.canonical(Json.mapper().convertValue(call.input(), Object.class));
    if (key.equals(last)) {
      repeats++;
    } else {
      last = key;
      repeats = 1;
    }
    return repeats >= threshold;
  }
}
