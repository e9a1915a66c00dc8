package dev.kubicle.operator.network;

/** A device request that cannot be done; {@code kind} tells the API which HTTP status fits, the message says why. */
public final class DeviceException extends RuntimeException {

  /** What went wrong, in the terms of an HTTP API. */
  public enum Kind { INVALID, NOT_FOUND, CONFLICT, UNAVAILABLE }

  private final Kind kind;
  private final String field;

  public DeviceException(Kind kind, String field, String message) {
    super(message);
    this.kind = kind;
    this.field = field;
  }

  public Kind kind() {
    return kind;
  }

  /** The request field at fault (name, publicKey), or null. */
  public String field() {
    return field;
  }
}
