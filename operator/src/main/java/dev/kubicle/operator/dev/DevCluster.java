package dev.kubicle.operator.dev;

import dev.kubicle.api.crd.CrdExporter;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.kubicle.api.serialization.KubicleSerialization;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * An in-memory Kubernetes API (fabric8's mock server in CRUD mode) with the Kubicle CRDs installed, discovery that
 * kubectl understands, server-side printing ({@code kubectl get} shows printer columns), watches over plain HTTP
 * ({@code kubectl get -w}, {@code kubectl wait}) and a kubeconfig on disk, for {@code make run} on a machine
 * without a cluster.
 *
 * <p>Writes are checked as kube-apiserver checks them ({@link WriteAdmission}): fields the CRD schema does not
 * declare are pruned under {@code fieldValidation}, wrong types are a 422, a stale resourceVersion is a 409. It is
 * still a stand-in, not a cluster: nothing schedules pods or runs Jobs, there are no admission webhooks, no CEL
 * rules, no server-side apply and no garbage collection by owner reference. {@code MockApiSemanticsTest} and
 * {@code ApiWriteSemanticsTest} pin down what it does do.
 */
public final class DevCluster implements AutoCloseable {

  /** Default port; deliberately not 6443 so it never shadows a local kube-apiserver. */
  public static final int DEFAULT_PORT = 16443;
  /** Environment variable that overrides the port. */
  public static final String PORT_ENV = "KUBICLE_DEV_PORT";

  private final DevApiServer server;
  private final KubernetesClient client;
  private final Path kubeconfigPath;
  private final Path tempDir;

  private final RequestLog requests;
  private final KubernetesCrudDispatcher store;

  private DevCluster(DevApiServer server, KubernetesClient client, Path kubeconfigPath, Path tempDir,
      RequestLog requests, KubernetesCrudDispatcher store) {
    this.requests = requests;
    this.store = store;
    this.server = server;
    this.client = client;
    this.kubeconfigPath = kubeconfigPath;
    this.tempDir = tempDir;
  }

  /** Starts on {@code $KUBICLE_DEV_PORT} (default 16443), kubeconfig at {@code ~/.kubicle/dev/kubeconfig}. */
  public static DevCluster start() {
    return start(portFromEnvironment(), DevKubeconfig.defaultPath());
  }

  /** Starts on the given port (0 picks a free one) and writes the kubeconfig to the given path. */
  public static DevCluster start(int port, Path kubeconfigPath) {
    return start(port, kubeconfigPath, null);
  }

  /** For tests: a free port, and the kubeconfig in a temporary directory (removed on close), never under home. */
  public static DevCluster startEphemeral() {
    try {
      Path dir = Files.createTempDirectory("kubicle-dev-");
      return start(0, dir.resolve("kubeconfig"), dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DevCluster start(int port, Path kubeconfigPath, Path tempDir) {
    MockServerLogging.quiet();
    KubernetesCrudDispatcher store = new KubernetesCrudDispatcher();
    // Our own bounded log, not the mock web server's request queue, which would hoard a long `make run`'s requests.
    RequestLog requests = new RequestLog();
    DevDispatcher dispatcher = new DevDispatcher(store, requests);
    DevApiServer server;
    try {
      server = DevApiServer.start(InetAddress.getLoopbackAddress(), port, dispatcher);
    } catch (RuntimeException e) {
      if (causedBy(e, BindException.class)) {
        throw new DevClusterException(("Cannot start the Kubicle dev cluster: port %d on 127.0.0.1 is already in use "
            + "(is another `make run` still running?). Stop it, or choose another port, for example %s=%d.")
            .formatted(port, PORT_ENV, port + 1), e);
      }
      throw new DevClusterException("Cannot start the Kubicle dev cluster on 127.0.0.1:" + port, e);
    }
    KubernetesClient client = null;
    try {
      String url = "http://127.0.0.1:" + server.port();
      client = newClient(url);
      installCrds(client);
      createDefaultNamespace(client);
      DevKubeconfig.write(kubeconfigPath, url);
      return new DevCluster(server, client, kubeconfigPath, tempDir, requests, store);
    } catch (RuntimeException e) {
      if (client != null) {
        client.close();
      }
      server.close();
      throw e;
    }
  }

  /**
   * Test backdoor: writes {@code json} (a whole object: apiVersion, kind, metadata.name and metadata.namespace)
   * straight into the store, past everything the API answers requests with (schema pruning, type checks,
   * conflicts), as an object written by a newer CRD version or by hand-editing etcd would be. Watches are notified
   * as for any write. An object of that name is replaced whatever its resourceVersion.
   *
   * @param plural the resource's plural, e.g. {@code workspaces}
   * @return the HTTP status the store answered with (201 created, 200 replaced)
   */
  public int storeUnvalidated(String plural, String json) {
    com.fasterxml.jackson.databind.node.ObjectNode object =
        (com.fasterxml.jackson.databind.node.ObjectNode) Serialization.unmarshal(json,
            com.fasterxml.jackson.databind.JsonNode.class);
    String apiVersion = object.path("apiVersion").asText();
    String namespace = object.path("metadata").path("namespace").asText("default");
    String name = object.path("metadata").path("name").asText();
    if (name.isEmpty() || apiVersion.isEmpty()) {
      throw new IllegalArgumentException("storeUnvalidated needs apiVersion and metadata.name");
    }
    if (object.path("metadata") instanceof com.fasterxml.jackson.databind.node.ObjectNode metadata) {
      metadata.remove("resourceVersion"); // replace unconditionally, as an etcd edit would
    }
    String collection = (apiVersion.contains("/") ? "/apis/" : "/api/") + apiVersion + "/namespaces/" + namespace
        + "/" + plural;
    boolean exists = store.handleGet(collection + "/" + name).code() == java.net.HttpURLConnection.HTTP_OK;
    io.fabric8.mockwebserver.http.RecordedRequest request = new io.fabric8.mockwebserver.http.RecordedRequest(
        "HTTP/1.1", exists ? io.fabric8.mockwebserver.dsl.HttpMethod.PUT : io.fabric8.mockwebserver.dsl.HttpMethod.POST,
        exists ? collection + "/" + name : collection,
        io.fabric8.mockwebserver.http.Headers.builder().add("Content-Type", "application/json").build(),
        new io.fabric8.mockwebserver.http.Buffer().writeUtf8(Serialization.asJson(object)));
    return (exists ? store.handleUpdate(request) : store.handleCreate(request)).code();
  }

  /** The kubeconfig file (mode 0600) that points kubectl at this cluster, context {@code kubicle-dev}. */
  public Path kubeconfigPath() {
    return kubeconfigPath;
  }

  /** A client for the operator to use; owned by the dev cluster and closed with it. Default namespace "default". */
  public KubernetesClient client() {
    return client;
  }

  /** The API server URL, {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://127.0.0.1:" + server.port();
  }

  /** The requests this cluster served, for counting writes. */
  public RequestLog requests() {
    return requests;
  }

  /** The port the API listens on. */
  public int port() {
    return server.port();
  }

  /** Watches open over plain HTTP (kubectl's), for tests that check a stopped kubectl ends its watch. */
  int openHttpWatches() {
    return server.openHttpWatches();
  }

  @Override
  public void close() {
    client.close();
    server.close();
    if (tempDir != null) {
      try {
        Files.deleteIfExists(kubeconfigPath);
        Files.deleteIfExists(tempDir);
      } catch (IOException e) {
        // A leftover temp file is harmless; failing a test's teardown over it would not be.
      }
    }
  }

  static int portFromEnvironment() {
    String value = System.getenv(PORT_ENV);
    if (value == null || value.isBlank()) {
      return DEFAULT_PORT;
    }
    try {
      int port = Integer.parseInt(value.trim());
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new DevClusterException(PORT_ENV + " must be a port number (0-65535), was '" + value + "'", e);
    }
  }

  private static KubernetesClient newClient(String url) {
    // Config.empty(): never pick up ~/.kube/config, KUBECONFIG or in-cluster settings by accident.
    Config config = new ConfigBuilder(Config.empty())
        .withMasterUrl(url)
        .withNamespace("default")
        .withHttp2Disable(true)
        .build();
    return KubicleSerialization.clientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory())
        .build();
  }

  private static void installCrds(KubernetesClient client) {
    // Created through the API (not registered with expectCustomResource) so the mock reads the CRD and learns
    // about the status subresource; discovery and printer columns are then derived from the stored CRDs.
    // CrdExporter's form is the one the Helm chart installs: printer columns in declared order (the raw generator
    // output sorts them by JSON path, and `kubectl get ws` would start with AGE).
    for (Class<? extends HasMetadata> kind : CrdExporter.KINDS) {
      String yaml;
      try {
        yaml = CrdExporter.render(kind);
      } catch (IllegalStateException e) {
        throw new DevClusterException("The CRD of " + kind.getSimpleName() + " is not on the classpath; build the "
            + "crds module first (mvn -pl crds install)", e);
      }
      CustomResourceDefinition crd = Serialization.unmarshal(yaml, CustomResourceDefinition.class);
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
  }

  private static void createDefaultNamespace(KubernetesClient client) {
    if (client.namespaces().withName("default").get() == null) {
      Namespace namespace = new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build();
      client.namespaces().resource(namespace).create();
    }
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** Runs a dev cluster alone until interrupted, for poking at it with kubectl. */
  public static void main(String[] args) throws InterruptedException {
    try (DevCluster cluster = start()) {
      System.out.printf("Kubicle dev cluster at %s%n  export KUBECONFIG=%s%n", cluster.url(), cluster.kubeconfigPath());
      CountDownLatch forever = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
      forever.await();
    }
  }
}
