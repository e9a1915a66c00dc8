package dev.kubicle.agent;

/** The agent cannot start because its environment is incomplete or wrong. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
