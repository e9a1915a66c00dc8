package dev.kubicle.operator.store;

/** A login asked for an owner name that another identity (issuer + subject) already holds. */
public class NameTakenException extends StoreException {
  public NameTakenException(String message) {
    super(message);
  }
}
