package dev.kubicle.operator.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubicle.api.v1alpha1.TemplateRef;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.api.v1alpha1.WorkspaceSpec;
import dev.kubicle.api.v1alpha1.WorkspaceStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Watches over plain HTTP streaming, the way client-go (and so kubectl) watches, without kubectl itself. */
@Timeout(60)
class HttpWatchTest {

  private static final String WORKSPACES = "/apis/kubicle.dev/v1alpha1/namespaces/default/workspaces";
  private static final String END = "<end of stream>";
  private static DevCluster cluster;
  private static int counter;

  @BeforeAll
  static void start() {
    cluster = DevCluster.startEphemeral();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aWatchStreamsOneJsonEventPerLineAndEndsWhenTheClientGoesAway() throws Exception {
    Workspace existing = create();
    try (WatchStream watch = WatchStream.open(WORKSPACES + "?watch=true", "application/json")) {
      JsonNode added = watch.next();
      assertThat(added.path("type").asText()).isEqualTo("ADDED");
      assertThat(added.path("object").path("metadata").path("name").asText()).isEqualTo(name(existing));

      setPhase(existing, WorkspacePhase.Running);

      JsonNode modified = watch.next();
      assertThat(modified.path("type").asText()).isEqualTo("MODIFIED");
      assertThat(modified.path("object").path("status").path("phase").asText()).isEqualTo("Running");
      assertThat(cluster.openHttpWatches()).isEqualTo(1);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.openHttpWatches() == 0);
  }

  @Test
  void aWatchFromAResourceVersionSkipsObjectsTheClientHasListed() throws Exception {
    Workspace listed = create();
    String resourceVersion = cluster.client().resources(Workspace.class).inNamespace("default").list()
        .getMetadata().getResourceVersion();
    try (WatchStream watch = WatchStream.open(WORKSPACES + "?resourceVersion=" + resourceVersion + "&watch=true",
        "application/json")) {
      Workspace created = create();

      JsonNode first = watch.next();
      assertThat(first.path("type").asText()).isEqualTo("ADDED");
      assertThat(first.path("object").path("metadata").path("name").asText())
          .as("the store replays %s on open, but the client listed it already", name(listed))
          .isEqualTo(name(created));
    }
  }

  @Test
  void aWatchByNameWithAnEncodedFieldSelectorSeesOnlyThatObject() throws Exception {
    Workspace other = create();
    Workspace target = create();
    try (WatchStream watch = WatchStream.open(WORKSPACES + "?fieldSelector=metadata.name%3D" + name(target)
        + "&watch=1", "application/json")) {
      assertThat(watch.next().path("object").path("metadata").path("name").asText()).isEqualTo(name(target));
      setPhase(other, WorkspacePhase.Failed);
      setPhase(target, WorkspacePhase.Running);

      JsonNode next = watch.next();
      assertThat(next.path("object").path("metadata").path("name").asText()).isEqualTo(name(target));
      assertThat(next.path("object").path("status").path("phase").asText()).isEqualTo("Running");
    }
  }

  @Test
  void aWatchThatAsksForTablesGetsTableEvents() throws Exception {
    Workspace existing = create();
    try (WatchStream watch = WatchStream.open(WORKSPACES + "?fieldSelector=metadata.name%3D" + name(existing)
        + "&watch=true", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json")) {
      JsonNode object = watch.next().path("object");

      assertThat(object.path("kind").asText()).isEqualTo("Table");
      assertThat(object.path("columnDefinitions").get(1).path("name").asText()).isEqualTo("Phase");
      assertThat(object.path("rows").get(0).path("cells").get(0).asText()).isEqualTo(name(existing));
      assertThat(object.path("rows").get(0).path("object").path("kind").asText())
          .isEqualTo("PartialObjectMetadata");
    }
  }

  @Test
  void aWatchEndsAfterTheTimeoutTheClientAskedFor() throws Exception {
    try (WatchStream watch = WatchStream.open(WORKSPACES + "?timeoutSeconds=1&watch=true&labelSelector=none%3Dx",
        "application/json")) {
      assertThat(watch.line(10)).isEqualTo(END);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.openHttpWatches() == 0);
  }

  @Test
  void watchRequestsAreRecordedLikeEveryOtherRequest() throws Exception {
    long before = cluster.requests().mark();
    try (WatchStream watch = WatchStream.open(WORKSPACES + "?timeoutSeconds=1&watch=true", "application/json")) {
      watch.line(10);
    }
    assertThat(cluster.requests().mark()).isGreaterThan(before);
  }

  private static Workspace create() {
    Workspace w = new Workspace();
    w.setMetadata(new ObjectMetaBuilder().withName("watched-" + (++counter)).build());
    WorkspaceSpec spec = new WorkspaceSpec();
    spec.setTemplate(new TemplateRef("hello", null));
    spec.setOwner("alice");
    w.setSpec(spec);
    w.setStatus(null);
    return cluster.client().resource(w).inNamespace("default").create();
  }

  private static void setPhase(Workspace w, WorkspacePhase phase) {
    Workspace current = cluster.client().resources(Workspace.class).inNamespace("default")
        .withName(name(w)).get();
    WorkspaceStatus status = new WorkspaceStatus();
    status.setPhase(phase);
    current.setStatus(status);
    cluster.client().resource(current).updateStatus();
  }

  private static String name(Workspace w) {
    return w.getMetadata().getName();
  }

  /** A streaming GET read line by line on a helper thread, so every read can time out. */
  private static final class WatchStream implements AutoCloseable {
    private final InputStream body;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private WatchStream(InputStream body) {
      this.body = body;
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            lines.add(line);
          }
        } catch (IOException e) {
          // closed by the test
        }
        lines.add(END);
      }, "watch-reader");
      reader.setDaemon(true);
      reader.start();
    }

    static WatchStream open(String pathAndQuery, String accept) throws Exception {
      HttpResponse<InputStream> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
          .send(HttpRequest.newBuilder(URI.create(cluster.url() + pathAndQuery)).header("Accept", accept)
              .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofInputStream());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
      return new WatchStream(response.body());
    }

    String line(long timeoutSeconds) throws InterruptedException {
      String line = lines.poll(timeoutSeconds, TimeUnit.SECONDS);
      assertThat(line).as("a line within %d s", timeoutSeconds).isNotNull();
      return line;
    }

    JsonNode next() throws InterruptedException {
      String line = line(10);
      assertThat(line).isNotEqualTo(END);
      return Serialization.unmarshal(line, JsonNode.class);
    }

    @Override
    public void close() throws IOException {
      body.close();
    }
  }
}
