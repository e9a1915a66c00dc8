package dev.kubicle.api.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.api.v1alpha1.AgentTask;
import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.Workspace;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class KubicleSerializationTest {
  private final KubernetesSerialization serialization = KubicleSerialization.serialization();

  private static String workspace(String spec) {
    return """
        {"apiVersion":"kubicle.dev/v1alpha1","kind":"Workspace",
         "metadata":{"name":"w","namespace":"ns","uid":"u-1","resourceVersion":"7","labels":{"a":"b"}},
         "spec":%s,
         "status":{"phase":"Running","message":"fine"}}""".formatted(spec);
  }

  @Test
  void aMisplacedFieldIsIgnoredAsTheApiServerWouldPruneIt() {
    Workspace ws = serialization.unmarshal(workspace("{\"template\":{\"name\":\"echo\"},\"ttl\":\"-5h\"}"),
        Workspace.class);

    assertThat(ws.unreadable()).isEmpty();
    assertThat(ws.getSpec().getTemplate().getName()).isEqualTo("echo");
  }

  @Test
  void aFieldOfTheWrongTypeGivesAnUnreadableObjectNamingTheFieldAndWhatWasExpected() {
    Workspace ws = serialization.unmarshal(workspace("{\"template\":{\"name\":\"echo\"},\"running\":\"yes-please\"}"),
        Workspace.class);

    assertThat(ws.unreadable()).isPresent();
    assertThat(ws.unreadable().get().message()).isEqualTo("spec.running: expected a boolean (true or false), "
        + "found a string");
    assertThat(ws.unreadable().get().message()).doesNotContain("yes-please");
    assertThat(ws.getMetadata().getName()).isEqualTo("w");
    assertThat(ws.getMetadata().getLabels()).containsEntry("a", "b");
    assertThat(ws.getSpec()).as("the spec cannot be read alone either").isNull();
    assertThat(ws.getStatus().getMessage()).as("the status can be read alone").isEqualTo("fine");
  }

  @Test
  void aMapWhereTextIsExpectedIsReportedWithItsPath() {
    Workspace ws = serialization.unmarshal(workspace("{\"template\":{\"name\":\"echo\"},\"parameters\":5}"),
        Workspace.class);

    assertThat(ws.unreadable().map(Unreadable::message)).hasValueSatisfying(m ->
        assertThat(m).startsWith("spec.parameters: expected an object").endsWith("found an integer"));
  }

  @Test
  void aNumberOutOfRangeAndAnUnknownEnumValueAreReported() {
    Template template = serialization.unmarshal("""
        {"apiVersion":"kubicle.dev/v1alpha1","kind":"Template","metadata":{"name":"t","namespace":"ns"},
         "spec":{"provisioner":"banana"}}""", Template.class);
    AgentTask task = serialization.unmarshal("""
        {"apiVersion":"kubicle.dev/v1alpha1","kind":"AgentTask","metadata":{"name":"t","namespace":"ns"},
         "spec":{"workspace":"w","prompt":"p","limits":{"maxTurns":99999999999999}}}""", AgentTask.class);

    assertThat(template.unreadable().map(Unreadable::message)).hasValueSatisfying(m ->
        assertThat(m).startsWith("spec.provisioner: expected one of [").doesNotContain("banana"));
    assertThat(task.unreadable().map(Unreadable::message)).hasValueSatisfying(m ->
        assertThat(m).startsWith("spec.limits.maxTurns: ").contains("out of range"));
  }

  @Test
  void anUnreadableObjectIsWrittenBackAsStoredSoAPatchOrACloneNeverReplacesItsSpec() {
    String stored = workspace("{\"template\":{\"name\":\"echo\"},\"running\":\"yes-please\",\"extra\":[1,2]}");
    Workspace ws = serialization.unmarshal(stored, Workspace.class);
    ws.getMetadata().setFinalizers(java.util.List.of("workspaces.kubicle.dev/finalizer"));

    JsonNode written = serialization.unmarshal(serialization.asJson(ws), JsonNode.class);
    Workspace clone = serialization.clone(ws);

    assertThat(written.get("spec")).isEqualTo(serialization.unmarshal(stored, ObjectNode.class).get("spec"));
    assertThat(written.at("/metadata/finalizers/0").asText()).isEqualTo("workspaces.kubicle.dev/finalizer");
    assertThat(clone.unreadable()).isPresent();
    assertThat(clone.unreadable().get().message()).isEqualTo(ws.unreadable().get().message());
  }

  @Test
  void oddKeysInThePathAreCappedAndStrippedOfControlAndDirectionCharacters() {
    String key = "\u202Eevil\u0000" + "k".repeat(5000);
    Workspace ws = serialization.unmarshal(workspace("{\"template\":{\"name\":\"echo\"},\"parameters\":{\""
        + key.replace("\u0000", "\\u0000") + "\":[1]}}"), Workspace.class);

    String message = ws.unreadable().orElseThrow().message();
    assertThat(message).startsWith("spec.parameters.?evil?").doesNotContain("\u202E").doesNotContain("\u0000");
    assertThat(message.length()).isLessThan(ReadProblems.MAX_PATH + ReadProblems.MAX_PROBLEM + 3);
  }

  @Test
  void deepNestingInAnUnknownOrAWrongTypedFieldIsRead() {
    String deep = "[".repeat(5000) + "]".repeat(5000);
    Workspace unknown = serialization.unmarshal(workspace("{\"template\":{\"name\":\"echo\"},\"x\":" + deep + "}"),
        Workspace.class);
    Workspace wrong = serialization.unmarshal(workspace("{\"template\":{\"name\":\"echo\"},\"owner\":" + deep + "}"),
        Workspace.class);

    assertThat(unknown.unreadable()).isEmpty();
    assertThat(wrong.unreadable().map(Unreadable::message)).hasValue("spec.owner: expected a string, found a list");
    assertThat(serialization.asJson(wrong)).contains(deep);
  }

  @Test
  void otherKindsKeepFailingLoudly() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> serialization.unmarshal(
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"},\"data\":{\"a\":{\"b\":1}}}",
        io.fabric8.kubernetes.api.model.ConfigMap.class)).isInstanceOf(RuntimeException.class);
  }

  @Test
  void aNullSpecIsUnreadableRatherThanANullEveryReaderWouldTripOver() {
    Workspace ws = serialization.unmarshal(workspace("null"), Workspace.class);

    assertThat(ws.unreadable().map(Unreadable::message)).hasValue("spec: expected an object, found null");
  }

  @Test
  void anUnreadableObjectNestedTenThousandLevelsDeepIsReadAndWrittenBack() {
    String deep = "[".repeat(9_990) + "]".repeat(9_990); // with the object and spec: the API server's limit
    Workspace wrong = serialization.unmarshal(workspace("{\"template\":{\"name\":\"echo\"},\"owner\":" + deep
        + "}"), Workspace.class);

    assertThat(wrong.unreadable()).isPresent();
    assertThat(serialization.asJson(wrong)).contains(deep);
  }
}
