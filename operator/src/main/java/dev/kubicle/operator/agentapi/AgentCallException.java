package dev.kubicle.operator.agentapi;

/** An agent answered a request with an error, or could not answer it. */
public class AgentCallException extends RuntimeException {
  private final String code;

  public AgentCallException(String code, String message) {
    super(code + ": " + message);
    this.code = code;
  }

  /** The protocol's error code: bad_request, not_found, no_match, … or disconnected. */
  public String code() {
    return code;
  }
}
