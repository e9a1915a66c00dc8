package dev.kubicle.operator.support;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.function.Supplier;

/**
 * Retries a test's read-modify-write when the API server answers 409 Conflict, as kubectl edit and controllers do:
 * the operator writes status while a test edits spec, and the dev cluster refuses a stale resourceVersion as a real
 * API server would. Each attempt must re-read (fabric8's {@code edit()} does).
 */
public final class OnConflict {
  private static final int ATTEMPTS = 20;

  private OnConflict() {}

  public static <T> T retry(Supplier<T> write) {
    for (int attempt = 1; ; attempt++) {
      try {
        return write.get();
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt >= ATTEMPTS) {
          throw e;
        }
        try {
          Thread.sleep(50L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }
}
