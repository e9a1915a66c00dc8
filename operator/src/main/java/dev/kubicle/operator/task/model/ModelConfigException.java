package dev.kubicle.operator.task.model;

/** The model configuration is missing or wrong; the message names the field and the fix. */
public class ModelConfigException extends RuntimeException {
  public ModelConfigException(String message) {
    super(message);
  }
}
