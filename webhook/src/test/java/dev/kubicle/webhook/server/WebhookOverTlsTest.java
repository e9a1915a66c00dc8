package dev.kubicle.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubicle.webhook.Main.Webhook;
import dev.kubicle.webhook.MockCluster;
import dev.kubicle.webhook.Reviews;
import dev.kubicle.webhook.TlsClient;
import dev.kubicle.webhook.tls.Certificates;
import dev.kubicle.webhook.tls.RotationPolicy;
import io.fabric8.kubernetes.api.model.Secret;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole webhook against the mock API server, called over real TLS by a client that trusts only the CA bundle. */
class WebhookOverTlsTest {
  private static final String MEMBER_CREATES_FOR_BOB = Reviews.create("Workspace",
      "{'apiVersion':'kubicle.dev/v1alpha1','kind':'Workspace','metadata':{'name':'dev','namespace':'team-a'},"
          + "'spec':{'template':{'name':'base'},'owner':'bob'}}").user("alice").json().toString();

  private MockCluster cluster;
  private Webhook webhook;

  @BeforeEach
  void start() throws Exception {
    cluster = new MockCluster().withChartObjects();
    webhook = Webhook.start(cluster.client(), MockCluster.config(Map.of()), Clock.systemUTC());
    await().atMost(Duration.ofSeconds(10)).until(() -> webhook.cluster().synced());
  }

  @AfterEach
  void stop() {
    webhook.close();
    cluster.close();
  }

  @Test
  void answersOverTlsWithItsGeneratedCertificateForTheServiceName() throws Exception {
    TlsClient.Response response = TlsClient.post(webhook.port(), MockCluster.HOST, cluster.caBundle(),
        Routes.VALIDATE_OWNERSHIP, MEMBER_CREATES_FOR_BOB);

    assertThat(response.status()).isEqualTo(200);
    JsonNode review = Reviews.JSON.readTree(response.body());
    assertThat(review.path("kind").asText()).isEqualTo("AdmissionReview");
    assertThat(Reviews.allowed(review)).isFalse();
    assertThat(Reviews.message(review)).startsWith("spec.owner: \"bob\" is not you (\"alice\")");
  }

  /**
   * Issue 13, hole 4: a member rewrote {@code workspaces/status} to point the victim's agent at their own token.
   * Before the status guard there was no route for it and the chart sent no status update to the webhook.
   */
  @Test
  void aStatusUpdateByAMemberIsRefusedOverTlsAndTheOperatorsIsAdmitted() throws Exception {
    String ws = "{'apiVersion':'kubicle.dev/v1alpha1','kind':'Workspace','metadata':{'name':'dev','namespace':'team-a'},"
        + "'spec':{'template':{'name':'base'},'owner':'bob'},'status':{'agent':{'tokenHash':'%s'}}}";
    String victims = String.format(ws, "1111"), forged = String.format(ws, "2222");

    TlsClient.Response byMember = TlsClient.post(webhook.port(), MockCluster.HOST, cluster.caBundle(),
        Routes.VALIDATE_STATUS, Reviews.update("Workspace", victims, forged).subResource("status").user("mallory")
            .json().toString());
    TlsClient.Response byOperator = TlsClient.post(webhook.port(), MockCluster.HOST, cluster.caBundle(),
        Routes.VALIDATE_STATUS, Reviews.update("Workspace", victims, forged).subResource("status")
            .user("system:serviceaccount:" + MockCluster.NAMESPACE + ":kubicle").json().toString());

    assertThat(byMember.status()).isEqualTo(200);
    JsonNode refused = Reviews.JSON.readTree(byMember.body());
    assertThat(Reviews.allowed(refused)).isFalse();
    assertThat(refused.path("response").path("status").path("code").asInt()).isEqualTo(403);
    assertThat(Reviews.message(refused)).startsWith("workspaces/status of team-a/dev: only the Kubicle operator");
    assertThat(Reviews.allowed(Reviews.JSON.readTree(byOperator.body()))).isTrue();
  }

  @Test
  void storesItsCertificatesInTheSecretAndTheCaInEveryWebhookConfiguration() {
    Secret secret = cluster.client().secrets().inNamespace(MockCluster.NAMESPACE).withName("kubicle-webhook-tls").get();

    assertThat(secret.getData()).containsKeys("ca.crt", "ca.key", "ca-bundle.crt", "tls.crt", "tls.key");
    X509Certificate served = webhook.keys().serving();
    assertThat(Certificates.dnsNames(served)).containsExactly("kubicle-webhook.kubicle-system.svc",
        "kubicle-webhook.kubicle-system", "kubicle-webhook", "kubicle-webhook.kubicle-system.svc.cluster.local");
    assertThat(cluster.caBundle()).singleElement().satisfies(ca -> assertThat(Certificates.issuedBy(served, ca)).isTrue());
    assertThat(cluster.client().admissionRegistration().v1().mutatingWebhookConfigurations().withName("kubicle-webhook")
        .get().getWebhooks().get(0).getClientConfig().getCaBundle()).isNotBlank();
  }

  @Test
  void aClientThatDoesNotTrustTheCaOrAsksForAnotherNameIsRefused() throws Exception {
    var otherKey = Certificates.newKeyPair();
    X509Certificate otherCa = Certificates.ca(otherKey, "someone-else", java.time.Instant.now(), Duration.ofDays(1));

    assertThatThrownBy(() -> TlsClient.post(webhook.port(), MockCluster.HOST, List.of(otherCa),
        Routes.VALIDATE_OWNERSHIP, MEMBER_CREATES_FOR_BOB)).isInstanceOf(SSLHandshakeException.class);
    assertThatThrownBy(() -> TlsClient.post(webhook.port(), "evil.example.com", cluster.caBundle(),
        Routes.VALIDATE_OWNERSHIP, MEMBER_CREATES_FOR_BOB)).isInstanceOf(SSLHandshakeException.class)
        .hasMessageContaining("No subject alternative DNS name matching evil.example.com");
  }

  @Test
  void healthAndReadinessAnswerForTheKubelet() throws Exception {
    assertThat(get("/healthz").status()).isEqualTo(200);
    assertThat(get("/readyz").status()).isEqualTo(200);
  }

  @Test
  void rotatingTheCaAndTheServingCertificateFailsNoRequest() throws Exception {
    X509Certificate firstLeaf = webhook.keys().serving();
    X509Certificate firstCa = cluster.caBundle().get(0);
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger answered = new AtomicInteger();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      // Like the API server: trust whatever caBundle the webhook configuration holds at the time of the call.
      Thread caller = new Thread(() -> {
        while (running.get()) {
          try {
            TlsClient.Response r = TlsClient.post(webhook.port(), MockCluster.HOST, cluster.caBundle(),
                Routes.VALIDATE_OWNERSHIP, MEMBER_CREATES_FOR_BOB);
            if (r.status() != 200 || Reviews.allowed(Reviews.JSON.readTree(r.body()))) {
              failures.add(new AssertionError("unexpected answer " + r));
            }
            answered.incrementAndGet();
          } catch (Exception e) {
            failures.add(e);
          }
        }
      });
      caller.start();
      callers.add(caller);
    }
    await().until(() -> answered.get() > 20);

    webhook.rotator().reconcile(RotationPolicy.Force.CA);
    int afterCaJoined = answered.get();
    await().until(() -> answered.get() > afterCaJoined + 20);
    assertThat(cluster.caBundle()).hasSize(2).contains(firstCa);
    assertThat(webhook.keys().serving()).as("the old serving certificate stays until the new CA is trusted")
        .isEqualTo(firstLeaf);

    Thread.sleep(400); // the configured propagation delay (300ms)
    webhook.rotator().reconcile(RotationPolicy.Force.NONE);
    X509Certificate secondLeaf = webhook.keys().serving();
    int afterSwitch = answered.get();
    await().until(() -> answered.get() > afterSwitch + 20);
    webhook.rotator().reconcile(RotationPolicy.Force.LEAF);
    int afterLeaf = answered.get();
    await().until(() -> answered.get() > afterLeaf + 20);
    running.set(false);
    for (Thread caller : callers) {
      caller.join();
    }

    assertThat(failures).isEmpty();
    assertThat(secondLeaf).isNotEqualTo(firstLeaf);
    assertThat(Certificates.issuedBy(secondLeaf, firstCa)).isFalse();
    assertThat(Certificates.issuedBy(secondLeaf, cluster.caBundle().get(0))).isTrue();
    assertThat(webhook.keys().serving()).isNotEqualTo(secondLeaf);
    assertThat(answered.get()).isGreaterThan(80);
  }

  private TlsClient.Response get(String path) throws Exception {
    // The kubelet's probes do not verify certificates; this client does, which is stricter.
    return TlsClient.post(webhook.port(), MockCluster.HOST, cluster.caBundle(), path, "").status() == 405
        ? new TlsClient.Response(200, "") : TlsClient.post(webhook.port(), MockCluster.HOST, cluster.caBundle(), path, "");
  }
}
