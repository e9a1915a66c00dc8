package dev.kubicle.operator.task.model;

/** A key of a Secret in the operator's namespace: where a provider's API key is read from, never copied. */
public record SecretKeyRef(String name, String key) {
  @Override
  public String toString() {
    return "Secret " + name + ", key " + key;
  }
}
