package dev.kubicle.api.serialization;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Why a stored object could not be read as its kind: where (a JSON path such as {@code spec.running}) and what was
 * expected there. It also keeps the object exactly as stored, so writing the object back (adding a finalizer, a
 * status patch computed as a diff) never replaces the fields that could not be read.
 *
 * @param path where the first unreadable value is, e.g. {@code spec.parameters}; never longer than
 *     {@link ReadProblems#MAX_PATH} characters
 * @param problem what was expected and what was found, never the value itself
 * @param raw the object as stored (read-only by convention)
 */
public record Unreadable(String path, String problem, ObjectNode raw) {
  /** One line for an Event, a condition or a log: "spec.running: expected a boolean, found a string". */
  public String message() {
    return path.isEmpty() ? problem : path + ": " + problem;
  }

  @Override
  public String toString() {
    return message(); // never the raw object: it can be large and hold anything
  }
}
