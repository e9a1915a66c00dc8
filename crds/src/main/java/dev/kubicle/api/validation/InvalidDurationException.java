package dev.kubicle.api.validation;

/** Thrown by {@link Durations#parse} for a text that is not an acceptable duration; carries the problem to report. */
public class InvalidDurationException extends IllegalArgumentException {
  private final transient Problem problem;

  public InvalidDurationException(Problem problem) {
    super(problem.toString());
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
