package dev.kubicle.operator.console;

import java.util.List;

/**
 * A request that cannot be served, with the HTTP status, a stable machine code, a message a person can act on, and
 * the field at fault when there is one. Rendered as {@code {"error": {"code", "message", "field"?}}}.
 */
public class ApiException extends RuntimeException {
  private final int status;
  private final String code;
  private final String field;
  private final List<String> details;

  public ApiException(int status, String code, String message, String field, List<String> details) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.details = details == null ? List.of() : List.copyOf(details);
  }

  public ApiException(int status, String code, String message) {
    this(status, code, message, null, null);
  }

  public static ApiException badRequest(String message, String field) {
    return new ApiException(400, "bad_request", message, field, null);
  }

  public static ApiException unauthenticated(String message) {
    return new ApiException(401, "unauthenticated", message);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, "forbidden", message);
  }

  /** Also what a member gets for another member's object: its existence is not confirmed. */
  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }

  public static ApiException conflict(String message) {
    return new ApiException(409, "conflict", message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String field() {
    return field;
  }

  /** Further problems beyond the first (every invalid parameter, for example). */
  public List<String> details() {
    return details;
  }
}
