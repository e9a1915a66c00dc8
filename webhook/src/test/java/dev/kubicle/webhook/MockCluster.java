package dev.kubicle.webhook;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import dev.kubicle.webhook.tls.Certificates;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/** fabric8's mock API server in CRUD mode, with what the chart installs for the webhook: its configurations and Secret. */
public final class MockCluster implements AutoCloseable {
  public static final String NAMESPACE = "kubicle-system";
  public static final String SERVICE = "kubicle-webhook";
  public static final String HOST = SERVICE + "." + NAMESPACE + ".svc";
  // java.util.logging holds loggers weakly; keep them so they stay quiet.
  private static final List<Logger> QUIET = List.of(Logger.getLogger("io.fabric8.mockwebserver"),
      Logger.getLogger("io.fabric8.kubernetes.client.server.mock"));

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  public MockCluster() {
    QUIET.forEach(l -> l.setLevel(Level.WARNING));
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(), false);
    server.start();
    client = server.createClient();
  }

  public KubernetesClient client() {
    return client;
  }

  /** The two webhook configurations (without caBundle) and the empty Secret, as the chart renders them. */
  public MockCluster withChartObjects() {
    client.admissionRegistration().v1().validatingWebhookConfigurations().resource(
        new ValidatingWebhookConfigurationBuilder().withNewMetadata().withName(SERVICE).endMetadata()
            .addNewWebhook().withName("ownership.kubicle.dev").withNewClientConfig().withNewService()
            .withName(SERVICE).withNamespace(NAMESPACE).withPath("/validate/ownership").endService()
            .endClientConfig().withAdmissionReviewVersions("v1").withSideEffects("None").endWebhook()
            .addNewWebhook().withName("workspaces.kubicle.dev").withNewClientConfig().withNewService()
            .withName(SERVICE).withNamespace(NAMESPACE).withPath("/validate/workspaces").endService()
            .endClientConfig().withAdmissionReviewVersions("v1").withSideEffects("None").endWebhook()
            .build()).create();
    client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(
        new MutatingWebhookConfigurationBuilder().withNewMetadata().withName(SERVICE).endMetadata()
            .addNewWebhook().withName("owner.kubicle.dev").withNewClientConfig().withNewService()
            .withName(SERVICE).withNamespace(NAMESPACE).withPath("/mutate/owner").endService()
            .endClientConfig().withAdmissionReviewVersions("v1").withSideEffects("None").endWebhook()
            .build()).create();
    client.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName(SERVICE + "-tls")
        .withNamespace(NAMESPACE).endMetadata().withType("Opaque").build()).create();
    return this;
  }

  /** What the API server trusts right now: the caBundle of the first validating webhook. */
  public List<X509Certificate> caBundle() {
    ValidatingWebhookConfiguration config = client.admissionRegistration().v1().validatingWebhookConfigurations()
        .withName(SERVICE).get();
    String bundle = config.getWebhooks().get(0).getClientConfig().getCaBundle();
    return bundle == null ? List.of()
        : Certificates.readCertificates(new String(Base64.getDecoder().decode(bundle), StandardCharsets.UTF_8));
  }

  /** Settings for a webhook against this cluster on an ephemeral port. */
  public static WebhookConfig config(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(Map.of("KUBICLE_NAMESPACE", NAMESPACE, "KUBICLE_WEBHOOK_SERVICE", SERVICE,
        "KUBICLE_WEBHOOK_PORT", "0", "KUBICLE_WEBHOOK_CA_PROPAGATION", "300ms"));
    env.putAll(extra);
    return WebhookConfig.fromEnvironment(env);
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
