package dev.kubicle.operator.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubicle.api.v1alpha1.BuildRecord;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.store.LogLine;
import dev.kubicle.operator.store.LogWriter;
import dev.kubicle.operator.store.jdbc.JdbcStore;
import dev.kubicle.operator.support.TempStore;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Following a runner pod's log into the store, through fabric8 against its mock API server (a test double for
 * kube-apiserver: pods in CRUD mode, the log endpoint answered by an expectation, as the kubelet would stream it).
 */
class JobLogFollowerTest {
  private static final String NS = "team";
  private static final String JOB = "dev-abc-b1";
  private static final String UID = "uid-1";

  private KubernetesMockServer server;
  private KubernetesClient client;
  private JdbcStore store;
  private LogWriter writer;
  private JobLogFollower follower;

  @BeforeEach
  void start() {
    java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(java.util.logging.Level.WARNING);
    // Mixed: CRUD for pods, and an expectation for the log endpoint, which CRUD mode does not serve.
    java.util.Map<io.fabric8.mockwebserver.ServerRequest, java.util.Queue<io.fabric8.mockwebserver.ServerResponse>>
        responses = new java.util.HashMap<>();
    server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(),
        new io.fabric8.mockwebserver.MockWebServer(), responses,
        new io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher(responses), false);
    server.init();
    client = server.createClient();
    store = TempStore.open();
    writer = new LogWriter(store, Clock.systemUTC());
    follower = new JobLogFollower(client, writer, Duration.ofMinutes(5));
  }

  @AfterEach
  void stop() {
    follower.close();
    writer.close();
    store.close();
    client.close();
    server.destroy();
  }

  @Test
  void theRunnersLogIsStreamedIntoTheStore() {
    runnerPod("terminated");
    serveLog("Initializing the backend...\nApply complete! Resources: 1 added.\n");

    follower.follow(request());

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(lines())
        .containsExactly("Initializing the backend...", "Apply complete! Resources: 1 added."));
    await().atMost(Duration.ofSeconds(20)).until(() -> follower.active() == 0);
  }

  @Test
  void followingAgainAfterARestartSkipsTheLinesAlreadyStored() {
    store.buildLogs().append(UID, 1, Instant.now(), List.of("Initializing the backend..."));
    runnerPod("terminated");
    serveLog("Initializing the backend...\nApply complete! Resources: 1 added.\n");

    follower.follow(request());

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(lines())
        .containsExactly("Initializing the backend...", "Apply complete! Resources: 1 added."));
    await().atMost(Duration.ofSeconds(20)).until(() -> follower.active() == 0);
    assertThat(lines()).hasSize(2);
  }

  @Test
  void aJobThatEndedWithoutAReadablePodLeavesItsTailInTheStore() {
    follower.finished(request(), "Error: the provider crashed");

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(lines())
        .containsExactly("Error: the provider crashed"));
    await().atMost(Duration.ofSeconds(20)).until(() -> follower.active() == 0);
  }

  @Test
  void aJobFollowedToItsEndIsNotFollowedAgain() {
    runnerPod("terminated");
    serveLog("only once\n");
    follower.follow(request());
    await().atMost(Duration.ofSeconds(20)).until(() -> follower.active() == 0 && lines().size() == 1);

    follower.follow(request());
    follower.finished(request(), "only once");

    assertThat(follower.active()).isZero();
    writer.flush();
    assertThat(lines()).containsExactly("only once");
  }

  private List<String> lines() {
    return store.buildLogs().read(UID, 1, 0, 100).stream().map(LogLine::text).toList();
  }

  private void serveLog(String log) {
    server.expect().get()
        .withPath("/api/v1/namespaces/" + NS + "/pods/" + JOB + "-x1/log?pretty=false&container="
            + RunnerJobFactory.CONTAINER + "&follow=true")
        .andReturn(200, log).once();
  }

  private void runnerPod(String state) {
    Pod pod = new PodBuilder()
        .withNewMetadata().withName(JOB + "-x1").withNamespace(NS).addToLabels("job-name", JOB).endMetadata()
        .withNewSpec().addNewContainer().withName(RunnerJobFactory.CONTAINER).withImage("terraform").endContainer()
        .endSpec()
        .withNewStatus().addNewContainerStatus().withName(RunnerJobFactory.CONTAINER).withNewState()
          .withNewTerminated().withExitCode(0).endTerminated().endState().endContainerStatus().endStatus()
        .build();
    client.pods().inNamespace(NS).resource(pod).create();
  }

  private static BuildRequest request() {
    Workspace ws = new Workspace();
    ws.setMetadata(new ObjectMetaBuilder().withName("dev").withNamespace(NS).withUid(UID).build());
    BuildRecord build = new BuildRecord();
    build.setNumber(1L);
    build.setJob(JOB);
    return new BuildRequest(ws, build, null, java.util.Map.of());
  }
}
