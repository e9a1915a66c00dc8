package dev.kubicle.webhook.tls;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the webhook's certificates in one Secret, rotates them by {@link RotationPolicy}, injects the CA bundle
 * into the two webhook configurations (by name) and hands the serving certificate to the server. Every replica
 * runs it; the Secret's resourceVersion makes concurrent rotations safe (the loser reads the winner's result).
 * It calls the API server from its own thread only, never while answering an admission request.
 */
public final class CertificateRotator {
  private static final Logger LOG = LoggerFactory.getLogger(CertificateRotator.class);

  private final KubernetesClient client;
  private final String namespace;
  private final String secretName;
  private final String validatingConfig;
  private final String mutatingConfig;
  private final RotationPolicy policy;
  private final Clock clock;
  private final Consumer<CertificateState> serve;

  public CertificateRotator(KubernetesClient client, String namespace, String secretName, String validatingConfig,
      String mutatingConfig, RotationPolicy policy, Clock clock, Consumer<CertificateState> serve) {
    this.client = client;
    this.namespace = namespace;
    this.secretName = secretName;
    this.validatingConfig = validatingConfig;
    this.mutatingConfig = mutatingConfig;
    this.policy = policy;
    this.clock = clock;
    this.serve = serve;
  }

  /** One pass: load, rotate if due, store, publish the bundle, serve. Safe to call from a scheduler at any rate. */
  public synchronized CertificateState reconcile(RotationPolicy.Force force) {
    for (int attempt = 0; ; attempt++) {
      try {
        return pass(force);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= 3) {
          throw e;
        }
        LOG.info("Certificate Secret {}/{} changed under us (another replica); reading it again", namespace,
            secretName);
      }
    }
  }

  private CertificateState pass(RotationPolicy.Force force) {
    Secret secret = client.secrets().inNamespace(namespace).withName(secretName).get();
    CertificateState stored = secret == null ? null
        : CertificateState.from(decode(secret.getData()), secret.getMetadata().getAnnotations());
    Instant now = clock.instant();
    CertificateState next = policy.next(stored, now, force);
    if (next != stored) {
      secret = write(secret, next);
      describe(stored, next);
    }
    if (!Objects.equals(next.bundleHash(), next.publishedBundleHash()) && publish(next.bundlePem())) {
      next = next.published(now);
      secret = write(secret, next);
    }
    serve.accept(next);
    return next;
  }

  private Secret write(Secret current, CertificateState state) {
    Map<String, String> annotations = new LinkedHashMap<>();
    if (current != null && current.getMetadata().getAnnotations() != null) {
      annotations.putAll(current.getMetadata().getAnnotations());
    }
    annotations.remove(CertificateState.PUBLISHED_HASH);
    annotations.remove(CertificateState.PUBLISHED_AT);
    annotations.putAll(state.annotations());
    Map<String, String> data = new LinkedHashMap<>();
    state.data().forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    if (current == null) {
      return client.secrets().inNamespace(namespace).resource(new SecretBuilder()
          .withNewMetadata().withName(secretName).withNamespace(namespace).withAnnotations(annotations)
          .addToLabels("app.kubernetes.io/component", "webhook").endMetadata()
          .withType("Opaque").withData(data).build()).create();
    }
    // update() carries the resourceVersion we read: a concurrent writer makes this fail with 409, not overwrite.
    Secret updated = new SecretBuilder(current).editMetadata().withAnnotations(annotations).endMetadata()
        .withData(data).build();
    return client.secrets().inNamespace(namespace).resource(updated).update();
  }

  /** Sets caBundle on every webhook of both configurations; false when either is missing (chart not applied yet). */
  private boolean publish(String bundlePem) {
    String caBundle = Base64.getEncoder().encodeToString(bundlePem.getBytes(StandardCharsets.UTF_8));
    boolean ok = true;
    try {
      var validating = client.admissionRegistration().v1().validatingWebhookConfigurations().withName(validatingConfig);
      if (validating.get() == null) {
        LOG.warn("ValidatingWebhookConfiguration {} not found; the CA bundle is not published yet", validatingConfig);
        ok = false;
      } else {
        validating.edit((ValidatingWebhookConfiguration c) -> {
          c.getWebhooks().forEach(w -> w.getClientConfig().setCaBundle(caBundle));
          return c;
        });
      }
      var mutating = client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(mutatingConfig);
      if (mutating.get() == null) {
        LOG.warn("MutatingWebhookConfiguration {} not found; the CA bundle is not published yet", mutatingConfig);
        ok = false;
      } else {
        mutating.edit((MutatingWebhookConfiguration c) -> {
          c.getWebhooks().forEach(w -> w.getClientConfig().setCaBundle(caBundle));
          return c;
        });
      }
    } catch (KubernetesClientException e) {
      LOG.warn("Cannot publish the CA bundle to the webhook configurations: {}", e.getMessage());
      return false;
    }
    if (ok) {
      LOG.info("Published the CA bundle to {} and {}", validatingConfig, mutatingConfig);
    }
    return ok;
  }

  private static void describe(CertificateState before, CertificateState after) {
    if (before == null) {
      LOG.info("Issued a new CA (valid until {}) and serving certificate (valid until {})", notAfter(after.ca()),
          notAfter(after.leaf()));
      return;
    }
    if (!before.ca().equals(after.ca())) {
      LOG.info("Rotated the CA: the new one (valid until {}) joins the bundle; the serving certificate follows once "
          + "the bundle is published", notAfter(after.ca()));
    }
    if (!before.leaf().equals(after.leaf())) {
      LOG.info("Rotated the serving certificate (valid until {})", notAfter(after.leaf()));
    }
  }

  private static Instant notAfter(X509Certificate certificate) {
    return certificate.getNotAfter().toInstant();
  }

  private static Map<String, String> decode(Map<String, String> data) {
    if (data == null) {
      return null;
    }
    Map<String, String> decoded = new LinkedHashMap<>();
    data.forEach((k, v) -> decoded.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    return decoded;
  }
}
