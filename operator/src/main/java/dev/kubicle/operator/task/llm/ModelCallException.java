package dev.kubicle.operator.task.llm;

import java.time.Duration;

/**
 * A model call failed. {@code retryable} failures (rate limits, overload, server errors, cut streams) are tried
 * again within the provider's attempt budget; the rest fail the task with this message.
 *
 * @param retryAfter what the provider asked us to wait, when it said so
 */
public class ModelCallException extends RuntimeException {
  private final boolean retryable;
  private final int httpStatus;
  private final transient Duration retryAfter;

  public ModelCallException(String message, boolean retryable, int httpStatus, Duration retryAfter) {
    super(message);
    this.retryable = retryable;
    this.httpStatus = httpStatus;
    this.retryAfter = retryAfter;
  }

  public static ModelCallException fatal(String message) {
    return new ModelCallException(message, false, 0, null);
  }

  public static ModelCallException transientFailure(String message) {
    return new ModelCallException(message, true, 0, null);
  }

  public boolean retryable() {
    return retryable;
  }

  /** The HTTP status, or 0 when the failure came inside a stream or from the connection. */
  public int httpStatus() {
    return httpStatus;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
