package dev.kubicle.operator.task.model;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads a provider's API key from its Secret in the operator's namespace, at the moment a task's loop starts. The
 * key lives only in the operator's memory and in the request header to the provider: never in status, events,
 * logs, workspaces or the agent's manifest.
 */
public class ProviderKeys {
  private final KubernetesClient client;
  private final String namespace;

  public ProviderKeys(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** The key, or null for a provider configured without one. */
  public String key(ProviderSettings provider) {
    SecretKeyRef ref = provider.apiKey();
    if (ref == null) {
      return null;
    }
    Secret secret = client.secrets().inNamespace(namespace).withName(ref.name()).get();
    if (secret == null) {
      throw new ModelConfigException("provider \"" + provider.name() + "\": Secret " + namespace + "/" + ref.name()
          + " (apiKeySecret.name) does not exist");
    }
    String encoded = secret.getData() == null ? null : secret.getData().get(ref.key());
    String plain = secret.getStringData() == null ? null : secret.getStringData().get(ref.key());
    if (encoded == null && plain == null) {
      throw new ModelConfigException("provider \"" + provider.name() + "\": Secret " + namespace + "/" + ref.name()
          + " has no key \"" + ref.key() + "\" (apiKeySecret.key)");
    }
    String key = plain != null ? plain : new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    return key.strip();
  }
}
