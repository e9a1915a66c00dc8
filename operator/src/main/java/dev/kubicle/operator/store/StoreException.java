package dev.kubicle.operator.store;

/** The store could not do what was asked (unreachable database, failed migration); the message says which. */
public class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }
}
