package dev.kubicle.operator.network;

import dev.kubicle.operator.kube.Labels;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The gateway's WireGuard key pair, in the Secret {@value #SECRET_NAME} of the operator namespace: created by the
 * operator when missing (the gateway mounts it), read for the public key that every device config carries.
 */
public final class GatewayKey {
  public static final String SECRET_NAME = "kubicle-gateway-key";
  public static final String PRIVATE_KEY = "privateKey";
  public static final String PUBLIC_KEY = "publicKey";

  private final KubernetesClient client;
  private final String namespace;
  private volatile String publicKey;

  public GatewayKey(KubernetesClient client, String operatorNamespace) {
    this.client = client;
    this.namespace = operatorNamespace;
  }

  /** The gateway's public key, creating the key pair first when there is none. */
  public String publicKey() {
    String known = publicKey;
    if (known != null) {
      return known;
    }
    Secret secret = client.secrets().inNamespace(namespace).withName(SECRET_NAME).get();
    if (secret == null) {
      secret = create();
    }
    String encoded = secret.getData() == null ? null : secret.getData().get(PRIVATE_KEY);
    if (encoded == null) {
      throw new IllegalStateException("The Secret " + namespace + "/" + SECRET_NAME + " has no " + PRIVATE_KEY
          + "; delete it and Kubicle creates a new key pair (devices then need new configs)");
    }
    // Derived from the private key rather than trusting the publicKey entry, so the two can never disagree.
    known = WireGuardKeys.publicKeyOf(new String(Base64.getDecoder().decode(encoded), StandardCharsets.US_ASCII)
        .strip());
    publicKey = known;
    return known;
  }

  private Secret create() {
    WireGuardKeys.KeyPair pair = WireGuardKeys.generate();
    Secret secret = new SecretBuilder()
        .withNewMetadata().withName(SECRET_NAME).withNamespace(namespace)
          .addToLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).addToLabels(Labels.COMPONENT, "gateway")
        .endMetadata()
        .withType("Opaque")
        .addToData(PRIVATE_KEY, base64(pair.privateKey()))
        .addToData(PUBLIC_KEY, base64(pair.publicKey()))
        .build();
    try {
      return client.secrets().inNamespace(namespace).resource(secret).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return client.secrets().inNamespace(namespace).withName(SECRET_NAME).require(); // created meanwhile
      }
      throw e;
    }
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }
}
