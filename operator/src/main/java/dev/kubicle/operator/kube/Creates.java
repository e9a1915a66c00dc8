package dev.kubicle.operator.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Optional;

/** Idempotent creation of objects with deterministic names: "already exists" is success, not an error. */
public final class Creates {
  private Creates() {}

  /** Creates the object; returns it as created, or empty when one of that name already existed. */
  public static <T extends HasMetadata> Optional<T> ifAbsent(KubernetesClient client, T object) {
    try {
      return Optional.of(client.resource(object).create());
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
