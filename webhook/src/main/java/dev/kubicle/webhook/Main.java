package dev.kubicle.webhook;

import dev.kubicle.webhook.cluster.InformerClusterView;
import dev.kubicle.webhook.server.AdmissionServer;
import dev.kubicle.webhook.server.Routes;
import dev.kubicle.webhook.tls.CertificateFiles;
import dev.kubicle.webhook.tls.CertificateRotator;
import dev.kubicle.webhook.tls.ReloadableKeyManager;
import dev.kubicle.webhook.tls.RotationPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.kubicle.api.serialization.KubicleSerialization;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** Builds the webhook: caches, certificates, the HTTPS server; the only place that wires things together. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws Exception {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    WebhookConfig config;
    try {
      config = WebhookConfig.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("kubicle-webhook: " + e.getMessage());
      System.exit(2);
      return;
    }
    KubernetesClient client = KubicleSerialization.clientBuilder().build();
    Webhook webhook = Webhook.start(client, config, Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      webhook.close();
      client.close();
      stopped.countDown();
    }, "shutdown"));
    LOG.info("Kubicle webhook listening on :{} for {}", webhook.port(), config.dnsNames().get(0));
    stopped.await();
  }

  /** A running webhook: the server plus what keeps its caches and certificates current. */
  public record Webhook(AdmissionServer server, InformerClusterView cluster, ScheduledExecutorService scheduler,
      ReloadableKeyManager keys, CertificateRotator rotator) implements AutoCloseable {

    public static Webhook start(KubernetesClient client, WebhookConfig config, Clock clock)
        throws java.io.IOException, GeneralSecurityException {
      ReloadableKeyManager keys = new ReloadableKeyManager();
      ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "certificates");
        t.setDaemon(true);
        return t;
      });
      long every = config.checkInterval().toMillis();
      CertificateRotator rotator = null;
      if (config.certManager()) {
        CertificateFiles files = new CertificateFiles(config.certDirectory(), keys);
        files.reload();
        scheduler.scheduleWithFixedDelay(files::reload, 10_000, 10_000, TimeUnit.MILLISECONDS);
      } else {
        rotator = new CertificateRotator(client, config.namespace(), config.secretName(),
            config.validatingConfig(), config.mutatingConfig(), new RotationPolicy(config.dnsNames(),
                config.caValidity(), config.leafValidity(), config.caPropagation()), clock,
            state -> keys.update(state.leafKey(), state.leaf(), state.ca()));
        CertificateRotator r = rotator;
        Runnable pass = () -> {
          try {
            r.reconcile(RotationPolicy.Force.NONE);
          } catch (RuntimeException e) {
            LOG.warn("Certificate check failed; retrying in {} ms: {}", every, e.getMessage());
          }
        };
        pass.run();
        scheduler.scheduleWithFixedDelay(pass, every, every, TimeUnit.MILLISECONDS);
      }
      InformerClusterView cluster = InformerClusterView.start(client, config.watchNamespaces());
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(new KeyManager[] {keys}, null, null);
      AdmissionServer server = new AdmissionServer(new InetSocketAddress(config.port()), ssl,
          Routes.all(config.identities(), cluster), () -> keys.loaded() && cluster.synced(), config.threads());
      server.start();
      return new Webhook(server, cluster, scheduler, keys, rotator);
    }

    public int port() {
      return server.port();
    }

    @Override
    public void close() {
      server.close();
      scheduler.shutdownNow();
      cluster.close();
    }
  }
}
