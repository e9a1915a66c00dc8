package dev.kubicle.operator.robustness;

import static dev.kubicle.operator.support.OperatorHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.operator.support.OperatorHarness;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Applies thousands of mutated Workspace, Template and AgentTask manifests to a running operator, half through the
 * API (plain HTTP POST/PUT of the raw JSON, as any client could; the API may refuse some: a valid outcome) and half
 * straight into the dev cluster's store (what an API server, a newer CRD version or an etcd edit could leave), then
 * applies a valid Workspace last.
 *
 * <p>What counts as the operator surviving: the last Workspace reaches Running (so the informers still watch and
 * the controllers still reconcile); no informer stopped; no exception escaped a reconcile other than an
 * optimistic-locking conflict (HTTP 409, retried by design), as JOSDK reports them to
 * {@code ReconcileFailures}; and nothing logged an ERROR, nor an informer a WARN with an exception.
 *
 * <p>Replay a failure with {@code -Dkubicle.fuzz.seed=<the printed seed>}; {@code -Dkubicle.fuzz.count} changes
 * the number of manifests (default 3000).
 */
class ManifestFuzzTest {
  private static final long DEFAULT_SEED = 20261206L;
  private static final String ECHO = "{\"start\": {\"delay\": \"10ms\", \"outputs\": {\"url\": \"https://ws\"}}}";

  @Test
  void thousandsOfMalformedManifestsLeaveTheOperatorWatchingAndReconciling() throws Exception {
    long seed = Long.getLong("kubicle.fuzz.seed", DEFAULT_SEED);
    int count = Integer.getInteger("kubicle.fuzz.count", 3000);
    System.out.println("ManifestFuzzTest seed=" + seed + " count=" + count
        + " (replay: -Dkubicle.fuzz.seed=" + seed + ")");
    ManifestMutator mutator = new ManifestMutator(seed, NS);
    Map<String, Integer> outcomes = new TreeMap<>();
    Deque<String> lastApplied = new ArrayDeque<>();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try (OperatorHarness harness = OperatorHarness.start(); ErrorLogTrap trap = ErrorLogTrap.install()) {
      harness.createTemplate(OperatorHarness.echoTemplate("echo", ECHO));
      for (int i = 0; i < count; i++) {
        ManifestMutator.Mutated m = mutator.next();
        String json = harness.client().getKubernetesSerialization().asJson(m.manifest());
        String outcome;
        if (mutator.nextBoolean()) {
          outcome = "api " + m.kind().plural + " " + applyOverHttp(http, harness.cluster().url(), m, json);
        } else {
          outcome = "store " + m.kind().plural + " " + harness.cluster().storeUnvalidated(m.kind().plural, json);
        }
        outcomes.merge(outcome, 1, Integer::sum);
        lastApplied.addLast("#" + i + " " + m.kind().kind + " " + m.name() + " " + m.mutations() + " -> " + outcome);
        if (lastApplied.size() > 10) {
          lastApplied.removeFirst();
        }
      }
      System.out.println("ManifestFuzzTest outcomes " + outcomes);

      harness.createWorkspace(OperatorHarness.workspace("applied-last", "echo", Map.of()));
      harness.awaitPhase("applied-last", WorkspacePhase.Running);

      String context = "seed " + seed + "; last applied: " + lastApplied;
      // JOSDK gives up adding a finalizer when the object keeps changing under its patch (counted as a conflict
      // below); once the writes stop, every Workspace and Template left must get it: those failures were transient.
      await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
        assertThat(harness.client().resources(Workspace.class).inNamespace(NS).list().getItems())
            .as(context).allSatisfy(w -> assertThat(w.getMetadata().getFinalizers()).as(w.getMetadata().getName())
                .isNotEmpty());
        assertThat(harness.client().resources(Template.class).inNamespace(NS).list().getItems())
            .as(context).allSatisfy(t -> assertThat(t.getMetadata().getFinalizers()).as(t.getMetadata().getName())
                .isNotEmpty());
      });
      assertThat(harness.operator().informerFailures()).as(context).isZero();
      assertThat(harness.operator().reconcileFailures().unexpected())
          .as("exceptions that escaped a reconcile: %s; %s", harness.operator().reconcileFailures().recent(), context)
          .isZero();
      assertThat(trap.caught()).as(context).isEmpty();
    }
  }

  /** POST, or PUT when the object exists; returns the status code (4xx refusals are a valid outcome). */
  private static int applyOverHttp(HttpClient http, String url, ManifestMutator.Mutated m, String json)
      throws IOException, InterruptedException {
    String collection = url + "/apis/kubicle.dev/v1alpha1/namespaces/" + NS + "/" + m.kind().plural;
    HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(collection))
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() != 409) {
      return created.statusCode();
    }
    HttpResponse<String> replaced = http.send(HttpRequest.newBuilder(URI.create(collection + "/" + m.name()))
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
        .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    return replaced.statusCode();
  }
}
