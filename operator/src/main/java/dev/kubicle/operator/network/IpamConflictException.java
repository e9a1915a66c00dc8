package dev.kubicle.operator.network;

/** The IPAM ConfigMap kept changing under us (other replicas writing) for every one of our bounded attempts. */
public final class IpamConflictException extends RuntimeException {

  IpamConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
