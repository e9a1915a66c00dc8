package dev.kubicle.operator.terraform;

/** A state Secret exists but cannot be turned into a {@link TerraformState}; the message says which and why. */
public class StateSecretException extends RuntimeException {
  public StateSecretException(String secret, String why) {
    super("state Secret " + secret + " could not be read: " + why);
  }

  public StateSecretException(String secret, String why, Throwable cause) {
    super("state Secret " + secret + " could not be read: " + why, cause);
  }
}
