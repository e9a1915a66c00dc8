package dev.kubicle.webhook.bench;

import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateStatus;
import dev.kubicle.api.v1alpha1.TemplateVersionEntry;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspaceSpec;
import dev.kubicle.webhook.Main.Webhook;
import dev.kubicle.webhook.MockCluster;
import dev.kubicle.webhook.Reviews;
import dev.kubicle.webhook.TlsClient;
import dev.kubicle.webhook.server.Routes;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Admission latency at a fixed arrival rate (200 requests per second, open loop: latency counts from the moment a
 * request was due, so a stall is not hidden) over TLS on loopback, with a client that verifies the chain and the
 * host name. Mix: half workspace creates validated against a template version, a quarter ownership checks, a
 * quarter pods/exec checks. Phase 1 keeps connections alive (as the API server does); phase 2 opens a new TLS
 * connection per request (worst case). Bounded: about 40 seconds in all.
 */
public final class AdmissionBenchmark {
  private static final int RATE = 200;
  private static final int HANDSHAKE_RATE = 50;

  private AdmissionBenchmark() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    // Denials are logged at INFO in production; the console would measure the terminal, not the webhook.
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.kubicle"))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    try (MockCluster cluster = new MockCluster().withChartObjects()) {
      String uid = seed(cluster);
      Webhook webhook = Webhook.start(cluster.client(), MockCluster.config(Map.of(
          "KUBICLE_WEBHOOK_EXTRA_DNS_NAMES", "localhost")), Clock.systemUTC());
      while (!webhook.cluster().synced()) {
        Thread.sleep(50);
      }
      List<X509Certificate> trusted = cluster.caBundle();
      List<Request> mix = mix(uid);
      HttpClient http = HttpClient.newBuilder().sslContext(ssl(trusted)).version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2)).build();
      Sender keepAlive = r -> http.sendAsync(HttpRequest.newBuilder(URI.create("https://localhost:" + webhook.port()
              + r.path())).timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(r.body())).build(), HttpResponse.BodyHandlers.ofString())
          .thenApply(HttpResponse::statusCode);
      ScheduledExecutorService pool = Executors.newScheduledThreadPool(32);
      Sender perConnection = r -> CompletableFuture.supplyAsync(call(() -> TlsClient.post(webhook.port(),
          MockCluster.HOST, trusted, r.path(), r.body()).status()), pool);

      run("warm-up", keepAlive, mix, RATE, 3, false);
      run("keep-alive connections", keepAlive, mix, RATE, seconds, true);
      // A full ECDSA handshake on both ends costs a few ms of CPU; client and server share this JVM, so the
      // handshake-per-request phase runs at a rate a small machine can serve without queueing behind itself.
      run("warm-up", perConnection, mix, HANDSHAKE_RATE, 2, false);
      run("new TLS connection per request", perConnection, mix, HANDSHAKE_RATE, 10, true);
      pool.shutdownNow();
      webhook.close();
    }
    System.exit(0);
  }

  private record Request(String path, String body) {}

  @FunctionalInterface
  private interface Sender {
    CompletableFuture<Integer> send(Request request);
  }

  private static void run(String name, Sender sender, List<Request> mix, int rate, int seconds, boolean report)
      throws InterruptedException {
    int total = rate * seconds;
    AtomicLongArray latencies = new AtomicLongArray(total);
    AtomicInteger done = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    long start = System.nanoTime();
    long period = 1_000_000_000L / rate;
    for (int i = 0; i < total; i++) {
      int n = i;
      long due = start + n * period;
      ticker.schedule(() -> sender.send(mix.get(n % mix.size())).whenComplete((status, error) -> {
        latencies.set(n, System.nanoTime() - due);
        if (error != null || status != 200) {
          errors.incrementAndGet();
        }
        done.incrementAndGet();
      }), due - System.nanoTime(), TimeUnit.NANOSECONDS);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 10L);
    while (done.get() < total && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    ticker.shutdownNow();
    if (!report) {
      return;
    }
    long[] sorted = new long[done.get()];
    for (int i = 0, j = 0; i < total && j < sorted.length; i++) {
      if (latencies.get(i) > 0) {
        sorted[j++] = latencies.get(i);
      }
    }
    Arrays.sort(sorted);
    double elapsed = (System.nanoTime() - start) / 1e9;
    System.out.printf("%-32s %d requests in %.1f s (%.0f/s), errors %d: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, "
            + "max %.2f ms%n", name, sorted.length, elapsed, sorted.length / elapsed, errors.get() + (total - done.get()),
        ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
  }

  private static double ms(long[] sorted, double quantile) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)]
        / 1e6;
  }

  private static List<Request> mix(String uid) {
    String workspace = Reviews.create("Workspace", "{'apiVersion':'kubicle.dev/v1alpha1','kind':'Workspace',"
        + "'metadata':{'name':'dev','namespace':'team-a'},'spec':{'template':{'name':'base'},'owner':'alice',"
        + "'parameters':{'cpu':'4','region':'us','project':'kubicle'}}}").json().toString();
    String ownership = Reviews.create("Workspace", "{'apiVersion':'kubicle.dev/v1alpha1','kind':'Workspace',"
        + "'metadata':{'name':'dev','namespace':'team-a'},'spec':{'template':{'name':'base'},'owner':'bob'}}")
        .user("alice").json().toString();
    String exec = Reviews.connect("exec", "team-a", "kubicle-dev").user("mallory").json().toString();
    List<Request> mix = new ArrayList<>();
    mix.add(new Request(Routes.VALIDATE_WORKSPACES, workspace));
    mix.add(new Request(Routes.VALIDATE_OWNERSHIP, ownership));
    mix.add(new Request(Routes.VALIDATE_WORKSPACES, workspace));
    mix.add(new Request(Routes.VALIDATE_POD_CONNECT, exec));
    return mix;
  }

  /** A template version with four parameters, a workspace and its pod, in the mock API. */
  private static String seed(MockCluster cluster) {
    var client = cluster.client();
    Template template = new Template();
    template.setMetadata(new ObjectMetaBuilder().withName("base").withNamespace("team-a").build());
    TemplateStatus status = new TemplateStatus();
    status.setLatestVersion("v1");
    status.setVersions(List.of(new TemplateVersionEntry("v1", "2026-11-30T00:00:00Z", "base-v-v1", 1L)));
    template.setStatus(status);
    client.resources(Template.class).inNamespace("team-a").resource(template).create();
    client.configMaps().inNamespace("team-a").resource(new ConfigMapBuilder().withNewMetadata().withName("base-v-v1")
        .addToLabels("kubicle.dev/template-snapshot", "true").endMetadata()
        .addToData(".kubicle-template.json", "{\"template\":\"base\",\"version\":\"v1\",\"parameters\":["
            + "{\"name\":\"cpu\",\"type\":\"number\",\"defaultValue\":\"2\",\"mutable\":true,"
            + "\"validation\":{\"min\":1,\"max\":8,\"monotonic\":\"increasing\"}},"
            + "{\"name\":\"region\",\"defaultValue\":\"eu\",\"options\":[{\"name\":\"EU\",\"value\":\"eu\"},"
            + "{\"name\":\"US\",\"value\":\"us\"}]},"
            + "{\"name\":\"project\",\"validation\":{\"regex\":\"^[a-z][a-z0-9-]*$\",\"error\":\"bad {value}\"}},"
            + "{\"name\":\"debug\",\"type\":\"bool\",\"defaultValue\":\"false\",\"mutable\":true,\"ephemeral\":true}]}")
        .build()).create();
    Workspace ws = new Workspace();
    ws.setMetadata(new ObjectMetaBuilder().withName("dev").withNamespace("team-a").build());
    WorkspaceSpec spec = new WorkspaceSpec();
    spec.setOwner("alice");
    ws.setSpec(spec);
    String uid = client.resources(Workspace.class).inNamespace("team-a").resource(ws).create().getMetadata().getUid();
    client.pods().inNamespace("team-a").resource(new PodBuilder().withNewMetadata().withName("kubicle-dev")
        .addToLabels("kubicle.dev/workspace-uid", uid).endMetadata().build()).create();
    return uid;
  }

  private static SSLContext ssl(List<X509Certificate> trusted) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    for (int i = 0; i < trusted.size(); i++) {
      store.setCertificateEntry("ca-" + i, trusted.get(i));
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, factory.getTrustManagers(), null);
    return ssl;
  }

  private static <T> Supplier<T> call(java.util.concurrent.Callable<T> callable) {
    return () -> {
      try {
        return callable.call();
      } catch (Exception e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    };
  }
}
