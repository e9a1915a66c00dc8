package dev.kubicle.operator.robustness;

import static dev.kubicle.operator.support.OperatorHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubicle.api.v1alpha1.AgentTask;
import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.operator.kube.UnreadableResources;
import dev.kubicle.operator.support.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two reproductions of issue 12: a stored Workspace with a misplaced field, and one with a field of the wrong
 * type, used to stop the Workspace informer and with it the operator. They are written through the dev cluster's
 * store backdoor (as a newer CRD version or a hand edit of etcd would leave them), so the API's own validation
 * cannot hide what the operator does with them.
 */
class UnreadableResourcesTest {
  private static final String ECHO = "{\"start\": {\"delay\": \"50ms\", \"outputs\": {\"url\": \"https://ws\"}}}";
  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness = OperatorHarness.start();
    harness.createTemplate(OperatorHarness.echoTemplate("echo", ECHO));
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  static String workspaceJson(String name, String specMembers) {
    return """
        {"apiVersion":"kubicle.dev/v1alpha1","kind":"Workspace","metadata":{"name":"%s","namespace":"%s"},
         "spec":{"template":{"name":"echo"},"owner":"alice"%s}}""".formatted(name, NS,
        specMembers.isEmpty() ? "" : "," + specMembers);
  }

  @Test
  void aWorkspaceWithAMisplacedFieldIsBuiltWithoutItAndTheOperatorKeepsWatching() {
    harness.cluster().storeUnvalidated("workspaces", workspaceJson("typo", "\"ttl\":\"-5h\""));

    harness.awaitPhase("typo", WorkspacePhase.Running);
    harness.createWorkspace(OperatorHarness.workspace("after", "echo", Map.of()));
    harness.awaitPhase("after", WorkspacePhase.Running);

    assertThat(harness.operator().informerFailures()).isZero();
    assertThat(harness.operator().reconcileFailures().unexpected()).as(harness.operator().reconcileFailures()
        .recent().toString()).isZero();
  }

  @Test
  void aWorkspaceWithAFieldOfTheWrongTypeIsReportedAndSkippedAndOthersKeepReconciling() {
    String stored = workspaceJson("wrong", "\"running\":\"yes-please\"");
    harness.cluster().storeUnvalidated("workspaces", stored);

    Condition readable = awaitReadableCondition(Workspace.class, "wrong");
    harness.createWorkspace(OperatorHarness.workspace("after", "echo", Map.of()));
    harness.awaitPhase("after", WorkspacePhase.Running);

    String expected = "spec.running: expected a boolean (true or false), found a string";
    assertThat(readable.getStatus()).isEqualTo("False");
    assertThat(readable.getReason()).isEqualTo(UnreadableResources.REASON);
    assertThat(readable.getMessage()).contains(expected).doesNotContain("yes-please");
    assertThat(harness.workspace("wrong").getStatus().getMessage()).contains(expected);
    assertThat(warnings("wrong")).anySatisfy(e -> assertThat(e.getMessage()).contains(expected));
    assertThat(raw("workspaces", "wrong").get("spec")).as("the spec it could not read is kept as stored")
        .isEqualTo(Map.of("template", Map.of("name", "echo"), "owner", "alice", "running", "yes-please"));
    assertThat(harness.operator().informerFailures()).isZero();
    assertThat(harness.operator().reconcileFailures().unexpected()).as(harness.operator().reconcileFailures()
        .recent().toString()).isZero();
  }

  @Test
  void anUnreadableWorkspaceThatIsFixedIsBuiltAndLosesItsReport() {
    harness.cluster().storeUnvalidated("workspaces", workspaceJson("later", "\"parameters\":5"));
    awaitReadableCondition(Workspace.class, "later");

    harness.cluster().storeUnvalidated("workspaces", workspaceJson("later", ""));

    Workspace ws = harness.awaitPhase("later", WorkspacePhase.Running);
    assertThat(ws.getStatus().getConditions()).extracting(Condition::getType)
        .doesNotContain(UnreadableResources.READABLE);
  }

  @Test
  void anUnreadableWorkspaceBeingDeletedKeepsItsFinalizerAndSaysHowToGetOut() {
    harness.cluster().storeUnvalidated("workspaces", workspaceJson("stuck", "\"parameters\":[1]"));
    awaitReadableCondition(Workspace.class, "stuck");
    await().atMost(Duration.ofSeconds(10)).until(() -> !harness.workspace("stuck").getMetadata().getFinalizers()
        .isEmpty());

    harness.client().resources(Workspace.class).inNamespace(NS).withName("stuck").delete();

    await().atMost(Duration.ofSeconds(10)).until(() -> warnings("stuck").stream()
        .anyMatch(e -> e.getMessage().contains("remove the finalizer")));
    assertThat(harness.workspace("stuck")).as("still there: nothing was cleaned up").isNotNull();
  }

  @Test
  void anUnreadableTemplateAndAnUnreadableTaskAreReportedOnThemselves() {
    harness.cluster().storeUnvalidated("templates", """
        {"apiVersion":"kubicle.dev/v1alpha1","kind":"Template","metadata":{"name":"bad","namespace":"%s"},
         "spec":{"provisioner":"echo","files":{"main.tf":"#"},"parameters":5}}""".formatted(NS));
    harness.cluster().storeUnvalidated("agenttasks", """
        {"apiVersion":"kubicle.dev/v1alpha1","kind":"AgentTask","metadata":{"name":"bad","namespace":"%s"},
         "spec":{"workspace":"after","prompt":"hi","limits":{"maxTurns":"many"}}}""".formatted(NS));

    assertThat(awaitReadableCondition(Template.class, "bad").getMessage())
        .contains("spec.parameters: expected a list, found an integer");
    assertThat(awaitReadableCondition(AgentTask.class, "bad").getMessage())
        .contains("spec.limits.maxTurns: expected an integer, found a string");
    assertThat(warnings("bad")).hasSizeGreaterThanOrEqualTo(2);

    harness.createWorkspace(OperatorHarness.workspace("after", "echo", Map.of()));
    harness.awaitPhase("after", WorkspacePhase.Running);
    assertThat(harness.operator().informerFailures()).isZero();
  }

  @Test
  void aFixedTaskLosesItsReadableConditionThoughItsStatusDerivesNoConditions() {
    String task = """
        {"apiVersion":"kubicle.dev/v1alpha1","kind":"AgentTask","metadata":{"name":"fixme","namespace":"%s"},
         "spec":{"workspace":"nowhere","owner":"alice","prompt":"hi"%s}}""";
    harness.cluster().storeUnvalidated("agenttasks", task.formatted(NS, ",\"allowedTools\":\"execute\""));
    awaitReadableCondition(AgentTask.class, "fixme");
    GenericKubernetesResource stored = generic("agenttasks", "fixme");
    Map<String, Object> spec = new java.util.LinkedHashMap<>(cast((Map<?, ?>) stored.get("spec")));
    spec.put("allowedTools", List.of("execute"));
    stored.setAdditionalProperty("spec", spec);
    assertThat(stored.getAdditionalProperties()).as("the report is in the status we keep").containsKey("status");

    harness.cluster().storeUnvalidated("agenttasks", harness.client().getKubernetesSerialization().asJson(stored));

    await().atMost(Duration.ofSeconds(20)).until(() -> readableCondition(AgentTask.class, "fixme").isEmpty());
  }

  @Test
  void aTemplateSnapshotEditedIntoNonsenseIsReportedOnTheWorkspaceAndNothingIsBuilt() {
    Template echo = await().atMost(Duration.ofSeconds(20)).until(() -> harness.template("echo"),
        t -> t.getStatus() != null && t.getStatus().getLatestVersion() != null);
    String snapshot = dev.kubicle.operator.kube.Names.templateSnapshot("echo", echo.getStatus().getLatestVersion());
    io.fabric8.kubernetes.api.model.ConfigMap stored = harness.client().configMaps().inNamespace(NS)
        .withName(snapshot).get();
    stored.getData().put(dev.kubicle.operator.template.SnapshotCodec.METADATA_KEY, "{\"parameters\": 5}");
    harness.cluster().storeUnvalidated("configmaps", harness.client().getKubernetesSerialization().asJson(stored));

    harness.createWorkspace(OperatorHarness.workspace("on-bad-snapshot", "echo", Map.of()));

    await().atMost(Duration.ofSeconds(20)).until(() -> harness.client().v1().events().inNamespace(NS).list()
        .getItems().stream().anyMatch(e -> "on-bad-snapshot".equals(e.getInvolvedObject().getName())
            && "MalformedReference".equals(e.getReason())
            && e.getMessage().contains("unreadable metadata: parameters: expected a list, found an integer")));
    Workspace ws = harness.workspace("on-bad-snapshot");
    assertThat(ws.getStatus().getCurrentBuild()).isNull();
    assertThat(harness.operator().reconcileFailures().unexpected()).as(harness.operator().reconcileFailures()
        .recent().toString()).isZero();
  }

  private <T extends io.fabric8.kubernetes.client.CustomResource<?, ?>> Condition awaitReadableCondition(
      Class<T> type, String name) {
    return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
        .until(() -> readableCondition(type, name), Optional::isPresent).orElseThrow();
  }

  private <T extends io.fabric8.kubernetes.client.CustomResource<?, ?>> Optional<Condition> readableCondition(
      Class<T> type, String name) {
    Map<String, Object> status = raw(plural(type), name).get("status") instanceof Map<?, ?> m ? cast(m) : Map.of();
    if (!(status.get("conditions") instanceof List<?> conditions)) {
      return Optional.empty();
    }
    return conditions.stream()
        .map(c -> harness.client().getKubernetesSerialization().convertValue(c, Condition.class))
        .filter(c -> UnreadableResources.READABLE.equals(c.getType())).findFirst();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }

  private static String plural(Class<?> type) {
    return type == Workspace.class ? "workspaces" : type == Template.class ? "templates" : "agenttasks";
  }

  /** The object as stored, read as plain JSON (not through the typed model). */
  private Map<String, Object> raw(String plural, String name) {
    GenericKubernetesResource resource = generic(plural, name);
    return resource == null ? Map.of() : resource.getAdditionalProperties();
  }

  private GenericKubernetesResource generic(String plural, String name) {
    return harness.client().genericKubernetesResources(
        new ResourceDefinitionContext.Builder().withGroup("kubicle.dev").withVersion("v1alpha1").withPlural(plural)
            .withNamespaced(true).build()).inNamespace(NS).withName(name).get();
  }

  private List<Event> warnings(String name) {
    return harness.client().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .filter(e -> "Warning".equals(e.getType()) && UnreadableResources.REASON.equals(e.getReason()))
        .toList();
  }
}
