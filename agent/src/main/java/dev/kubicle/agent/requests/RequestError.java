package dev.kubicle.agent.requests;

/** A request that failed in a way the protocol names: the code travels to the control plane, the message to a human. */
public final class RequestError extends Exception {
  private final String code;

  public RequestError(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static RequestError badRequest(String message) {
    return new RequestError("bad_request", message);
  }
}
