package dev.kubicle.operator.dev;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubicle.api.crd.CrdExporter;
import dev.kubicle.api.v1alpha1.Workspace;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerTablesTest {

  private static final CustomResourceDefinition WORKSPACES =
      Serialization.unmarshal(CrdExporter.render(Workspace.class), CustomResourceDefinition.class);
  private static final Clock NOW = Clock.fixed(Instant.parse("2026-01-01T01:00:00Z"), ZoneOffset.UTC);
  private static final ServerTables TABLES = new ServerTables(() -> List.of(WORKSPACES), NOW);
  private static final ApiRequestPath LIST =
      ApiRequestPath.parse("/apis/kubicle.dev/v1alpha1/namespaces/default/workspaces").orElseThrow();
  private static final JsonNode WORKSPACE = Serialization.unmarshal("""
      {"apiVersion": "kubicle.dev/v1alpha1", "kind": "Workspace",
       "metadata": {"name": "a", "namespace": "default", "creationTimestamp": "2026-01-01T00:55:00Z",
                    "labels": {"team": "x"}},
       "spec": {"template": {"name": "hello"}, "owner": "alice", "running": true},
       "status": {"phase": "Running", "currentBuild": {"number": 3}}}
      """, JsonNode.class);

  @Test
  void kubectlsAcceptHeaderAsksForATableAndAPlainOneDoesNot() {
    assertThat(ServerTables.wantsTable("application/json;as=Table;v=v1;g=meta.k8s.io,"
        + "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json")).isTrue();
    assertThat(ServerTables.wantsTable("application/json;as=Table;v=v1beta1;g=meta.k8s.io")).isFalse();
    assertThat(ServerTables.wantsTable("application/json")).isFalse();
    assertThat(ServerTables.wantsTable(null)).isFalse();
  }

  @Test
  void customResourceColumnsFollowNameInDeclaredOrderWithTheirPriorities() {
    List<ServerTables.Column> columns = TABLES.columnsFor(LIST);

    assertThat(columns).extracting(ServerTables.Column::name).containsExactly(
        "Name", "Phase", "Template", "Owner", "Running", "Deadline", "Outdated", "Build", "Message", "Age");
    assertThat(columns).filteredOn(c -> c.priority() > 0).extracting(ServerTables.Column::name)
        .containsExactly("Outdated", "Build", "Message");
  }

  @Test
  void cellsAreTypedAndAbsentValuesAreNull() {
    JsonNode table = TABLES.table(TABLES.columnsFor(LIST), WORKSPACE, null);

    assertThat(table.path("kind").asText()).isEqualTo("Table");
    assertThat(table.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    JsonNode cells = table.path("rows").get(0).path("cells");
    assertThat(cells.toString()).isEqualTo("[\"a\",\"Running\",\"hello\",\"alice\",true,null,null,3,null,\"5m\"]");
  }

  @Test
  void rowsCarryPartialObjectMetadataByDefaultAndTheWholeObjectOnRequest() {
    JsonNode byDefault = TABLES.table(TABLES.columnsFor(LIST), WORKSPACE, null).path("rows").get(0).path("object");
    assertThat(byDefault.path("kind").asText()).isEqualTo("PartialObjectMetadata");
    assertThat(byDefault.path("metadata").path("labels").path("team").asText()).isEqualTo("x");
    assertThat(byDefault.has("spec")).isFalse();

    JsonNode whole = TABLES.table(TABLES.columnsFor(LIST), WORKSPACE, "Object").path("rows").get(0).path("object");
    assertThat(whole.path("kind").asText()).isEqualTo("Workspace");

    assertThat(TABLES.table(TABLES.columnsFor(LIST), WORKSPACE, "None").path("rows").get(0).has("object")).isFalse();
  }

  @Test
  void aListBecomesOneRowPerItemAndKeepsItsResourceVersion() {
    JsonNode list = Serialization.unmarshal("{\"kind\":\"List\",\"metadata\":{\"resourceVersion\":\"42\"},\"items\":["
        + WORKSPACE + "," + WORKSPACE + "]}", JsonNode.class);

    JsonNode table = TABLES.table(TABLES.columnsFor(LIST), list, null);

    assertThat(table.path("rows")).hasSize(2);
    assertThat(table.path("metadata").path("resourceVersion").asText()).isEqualTo("42");
  }

  @Test
  void builtInKindsGetNameAndAge() {
    ApiRequestPath pods = ApiRequestPath.parse("/api/v1/namespaces/default/pods?limit=500").orElseThrow();

    assertThat(TABLES.columnsFor(pods)).extracting(ServerTables.Column::name).containsExactly("Name", "Age");
  }
}
