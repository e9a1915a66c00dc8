package dev.kubicle.operator.dev;

/** The dev cluster could not start; the message says why and what to do about it. */
public final class DevClusterException extends RuntimeException {

  DevClusterException(String message, Throwable cause) {
    super(message, cause);
  }
}
