package dev.kubicle.operator.store.jdbc;

import dev.kubicle.operator.store.StoreException;

/** The schema cannot be brought up to date as it is (edited migration, newer database); the message says why. */
final class SchemaException extends StoreException {
  SchemaException(String message) {
    super(message);
  }
}
