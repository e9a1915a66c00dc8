package dev.kubicle.operator.gateway;

import dev.kubicle.operator.network.WireGuardKeys;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.kubicle.api.serialization.KubicleSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kubicle gateway}: builds the gateway's graph (interface, firewall, informers, sync, HTTP) and runs it until
 * SIGTERM, then removes its interface and nftables table. Settings: {@link GatewayConfig}; docs/operations.md.
 */
public final class GatewayMain {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);

  private GatewayMain() {}

  /** Runs the gateway; returns only when it could not start (the exit code), otherwise blocks until shutdown. */
  public static int run(Map<String, String> env) throws InterruptedException {
    GatewayConfig config;
    String privateKey;
    try {
      config = GatewayConfig.fromEnvironment(env);
      privateKey = readPrivateKey(config);
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("kubicle gateway: " + e.getMessage());
      return 2;
    }
    GatewayMetrics metrics = new GatewayMetrics();
    WireGuardLink link;
    try {
      link = WireGuardLink.up(config, privateKey);
    } catch (IOException e) {
      System.err.println("kubicle gateway: " + e.getMessage());
      return 1;
    }
    LOG.info("WireGuard interface {} ({}) at {}, UDP port {}, public key {}", config.interfaceName(),
        link.kernel() ? "kernel" : "wireguard-go", config.interfaceAddress(), config.listenPort(),
        WireGuardKeys.publicKeyOf(privateKey));
    NftFirewall firewall = new NftFirewall(new NftRules(NftRules.DEFAULT_TABLE, config.interfaceName()));
    DesiredStateBuilder builder = new DesiredStateBuilder(config.overlay());
    GatewayInformers[] informers = new GatewayInformers[1];
    GatewaySync sync = new GatewaySync(
        () -> builder.build(informers[0].workspaces(), informers[0].pods(), informers[0].devices()),
        link.control(), firewall, metrics, config.coalesce());
    GatewayHttpServer http = null;
    KubernetesClient client = null;
    ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
    CountDownLatch stopped = new CountDownLatch(1);
    try {
      http = GatewayHttpServer.start(config.httpPort(), link::alive, () -> link.alive() && sync.applied(),
          metrics::render);
      LOG.info("health and metrics on port {}", http.port());
      client = KubicleSerialization.clientBuilder().build();
      // Events during the informers' first list are covered by the first sync below, which reads their caches.
      informers[0] = GatewayInformers.start(client, config, () -> {
        if (informers[0] != null) {
          sync.request();
        }
      });
      GatewaySync.Outcome first = sync.syncNow();
      LOG.info("first sync applied: {} peers, {} workspace targets, {} allowed pairs", first.state().peers().size(),
          first.state().targets().size(), first.state().allowed().size());
      sync.resyncEvery(config.resync());
      // wireguard-go is a child: without it there is no interface, so stop and let Kubernetes restart the pod.
      watchdog.scheduleWithFixedDelay(() -> {
        if (!link.alive()) {
          LOG.error("wireguard-go exited; the gateway stops so it can be restarted");
          stopped.countDown();
        }
      }, 1, 1, TimeUnit.SECONDS);
    } catch (IOException | RuntimeException e) {
      System.err.println("kubicle gateway: " + e.getMessage());
      shutdown(watchdog, sync, informers[0], client, firewall, link, http);
      return 1;
    }
    GatewayHttpServer server = http;
    KubernetesClient kube = client;
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    Runnable cleanUp = () -> {
      if (done.compareAndSet(false, true)) {
        shutdown(watchdog, sync, informers[0], kube, firewall, link, server);
      }
    };
    // On SIGTERM the JVM ends when its hooks do, so the clean-up runs inside the hook, not after await().
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("shutting down");
      cleanUp.run();
      stopped.countDown();
    }, "kubicle-gateway-shutdown"));
    stopped.await();
    boolean wireguardAlive = link.alive();
    cleanUp.run();
    return wireguardAlive ? 0 : 1;
  }

  private static String readPrivateKey(GatewayConfig config) throws IOException {
    String key;
    try {
      key = Files.readString(config.privateKeyFile()).strip();
    } catch (IOException e) {
      throw new IOException("cannot read the gateway's private key " + config.privateKeyFile() + " ("
          + e.getMessage() + "); mount the Secret kubicle-gateway-key or set KUBICLE_GATEWAY_PRIVATE_KEY_FILE", e);
    }
    Optional<String> problem = WireGuardKeys.problemWith(key);
    if (problem.isPresent()) {
      throw new IllegalArgumentException("the gateway's private key in " + config.privateKeyFile() + " is not a "
          + "WireGuard key: " + problem.get());
    }
    return key;
  }

  private static void shutdown(ScheduledExecutorService watchdog, GatewaySync sync, GatewayInformers informers,
      KubernetesClient client, NftFirewall firewall, WireGuardLink link, GatewayHttpServer http) {
    watchdog.shutdownNow();
    sync.close();
    if (informers != null) {
      informers.close();
    }
    if (client != null) {
      client.close();
    }
    try {
      firewall.remove();
    } catch (IOException e) {
      LOG.warn("could not remove the nftables table: {}", e.getMessage());
    }
    link.close();
    if (http != null) {
      http.close();
    }
  }
}
