package dev.kubicle.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubicle.api.v1alpha1.AgentTask;
import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.Workspace;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `kubectl` users rely on in the exported CRDs: status subresource, short names, column order. */
class CrdDefinitionsTest {
  @Test
  void everyKindHasTheStatusSubresource() {
    for (Class<? extends HasMetadata> kind : CrdExporter.KINDS) {
      assertThat(version(kind).getSubresources().getStatus()).as(kind.getSimpleName()).isNotNull();
    }
  }

  @Test
  void shortNamesAreTplWsAndTask() {
    assertThat(crd(Template.class).getSpec().getNames().getShortNames()).containsExactly("tpl");
    assertThat(crd(Workspace.class).getSpec().getNames().getShortNames()).containsExactly("ws");
    assertThat(crd(AgentTask.class).getSpec().getNames().getShortNames()).containsExactly("task");
  }

  @Test
  void workspaceColumnsStartWithPhaseAndEndWithAge() {
    assertThat(columns(Workspace.class))
        .containsExactly("Phase", "Template", "Owner", "Running", "Deadline", "Outdated", "Build", "Message", "Age");
  }

  @Test
  void templateAndTaskColumnsFollowTheirDeclarationOrder() {
    assertThat(columns(Template.class)).containsExactly("Valid", "Version", "Provisioner", "Age");
    assertThat(columns(AgentTask.class))
        .containsExactly("Phase", "Workspace", "Owner", "Turns", "Reason", "Progress", "Age");
  }

  @Test
  void exportedFileStartsWithTheDoNotEditHeader() {
    assertThat(CrdExporter.render(Workspace.class)).startsWith(CrdExporter.HEADER);
    assertThat(CrdExporter.fileName(Workspace.class)).isEqualTo("workspaces.kubicle.dev.yaml");
  }

  @Test
  void repositoryRootIsFoundFromTheRootAndFromCrds(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("crds/src"));
    Files.writeString(root.resolve("crds/pom.xml"), "<project/>");
    assertThat(CrdExporter.findRepositoryRoot(root)).isEqualTo(root);
    assertThat(CrdExporter.findRepositoryRoot(root.resolve("crds"))).isEqualTo(root);
    assertThat(CrdExporter.findRepositoryRoot(root.resolve("crds/src"))).isEqualTo(root);
  }

  private static List<String> columns(Class<? extends HasMetadata> kind) {
    return version(kind).getAdditionalPrinterColumns().stream().map(CustomResourceColumnDefinition::getName).toList();
  }

  private static CustomResourceDefinitionVersion version(Class<? extends HasMetadata> kind) {
    return crd(kind).getSpec().getVersions().get(0);
  }

  private static CustomResourceDefinition crd(Class<? extends HasMetadata> kind) {
    return Serialization.unmarshal(CrdExporter.render(kind), CustomResourceDefinition.class);
  }
}
