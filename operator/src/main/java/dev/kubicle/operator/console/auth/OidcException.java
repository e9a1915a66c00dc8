package dev.kubicle.operator.console.auth;

/** A login could not complete: the issuer is unreachable or misconfigured, or its answer failed a check. */
public class OidcException extends Exception {
  public OidcException(String message) {
    super(message);
  }

  public OidcException(String message, Throwable cause) {
    super(message, cause);
  }
}
