package dev.kubicle.webhook.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateStatus;
import dev.kubicle.api.v1alpha1.TemplateVersionEntry;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspaceSpec;
import dev.kubicle.webhook.MockCluster;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The caches the rules read, filled by informers from the mock API server. */
class InformerClusterViewTest {
  private final MockCluster cluster = new MockCluster();
  private InformerClusterView view;

  @AfterEach
  void stop() {
    if (view != null) {
      view.close();
    }
    cluster.close();
  }

  @Test
  void findsTemplatesTheirSnapshotsWorkspacesByUidAndOnlyWorkspacePods() {
    var client = cluster.client();
    Template template = new Template();
    template.setMetadata(new ObjectMetaBuilder().withName("base").withNamespace("team-a").build());
    TemplateStatus status = new TemplateStatus();
    status.setLatestVersion("abc123");
    status.setVersions(List.of(new TemplateVersionEntry("abc123", "2026-11-30T00:00:00Z", "base-v-abc123", 1L)));
    template.setStatus(status);
    client.resources(Template.class).inNamespace("team-a").resource(template).create();
    client.configMaps().inNamespace("team-a").resource(new ConfigMapBuilder().withNewMetadata().withName("base-v-abc123")
        .addToLabels("kubicle.dev/template-snapshot", "true").endMetadata()
        .addToData("main.tf", "# empty")
        .addToData(".kubicle-template.json", "{\"template\":\"base\",\"version\":\"abc123\",\"parameters\":"
            + "[{\"name\":\"cpu\",\"type\":\"number\",\"defaultValue\":\"2\"}],\"runner\":null,\"provisioner\":\"echo\"}")
        .build()).create();
    client.configMaps().inNamespace("team-a").resource(new ConfigMapBuilder().withNewMetadata().withName("unrelated")
        .endMetadata().addToData("a", "b").build()).create();
    Workspace ws = new Workspace();
    ws.setMetadata(new ObjectMetaBuilder().withName("dev").withNamespace("team-a").build());
    WorkspaceSpec spec = new WorkspaceSpec();
    spec.setOwner("alice");
    ws.setSpec(spec);
    String uid = client.resources(Workspace.class).inNamespace("team-a").resource(ws).create().getMetadata().getUid();
    client.pods().inNamespace("team-a").resource(new PodBuilder().withNewMetadata().withName("kubicle-dev")
        .addToLabels("kubicle.dev/workspace-uid", uid).endMetadata().build()).create();
    client.pods().inNamespace("team-a").resource(new PodBuilder().withNewMetadata().withName("postgres-0")
        .endMetadata().build()).create();

    view = InformerClusterView.start(client, List.of());
    await().atMost(Duration.ofSeconds(10)).until(view::synced);

    assertThat(view.template("team-a", "base")).isPresent();
    assertThat(view.templateVersion("team-a", "base", "abc123")).hasValueSatisfying(v -> {
      assertThat(v.parameters()).singleElement().satisfies(p -> assertThat(p.getDefaultValue()).isEqualTo("2"));
    });
    assertThat(view.workspace("team-a", "dev")).isPresent();
    assertThat(view.workspaceByUid(uid)).hasValueSatisfying(w -> assertThat(w.getSpec().getOwner()).isEqualTo("alice"));
    assertThat(view.workspacePodLabels("team-a", "kubicle-dev")).hasValue(Map.of("kubicle.dev/workspace-uid", uid));
    assertThat(view.workspacePodLabels("team-a", "postgres-0")).isEmpty();
  }

  @Test
  void knowsEachServicesSelectorAndTheWorkspacePodsOfANamespace() {
    var client = cluster.client();
    client.services().inNamespace("team-a").resource(new ServiceBuilder().withNewMetadata().withName("dev-web")
        .endMetadata().withNewSpec().addToSelector("app", "dev").endSpec().build()).create();
    client.services().inNamespace("team-a").resource(new ServiceBuilder().withNewMetadata().withName("hand-written")
        .endMetadata().withNewSpec().endSpec().build()).create();
    client.pods().inNamespace("team-a").resource(new PodBuilder().withNewMetadata().withName("kubicle-dev")
        .addToLabels("kubicle.dev/workspace-uid", "uid-1").addToLabels("app", "dev").endMetadata().build()).create();
    client.pods().inNamespace("team-b").resource(new PodBuilder().withNewMetadata().withName("kubicle-other")
        .addToLabels("kubicle.dev/workspace-uid", "uid-2").endMetadata().build()).create();

    view = InformerClusterView.start(client, List.of());
    await().atMost(Duration.ofSeconds(10)).until(view::synced);

    assertThat(view.serviceSelector("team-a", "dev-web")).hasValue(Map.of("app", "dev"));
    assertThat(view.serviceSelector("team-a", "hand-written")).hasValue(Map.of());
    assertThat(view.serviceSelector("team-a", "missing")).isEmpty();
    assertThat(view.workspacePodsIn("team-a"))
        .containsExactly(Map.of("kubicle.dev/workspace-uid", "uid-1", "app", "dev"));
    assertThat(view.workspacePodsIn("team-c")).isEmpty();
  }

  @Test
  void namespacedCachesSeeOnlyTheirNamespaces() {
    var client = cluster.client();
    for (String ns : List.of("team-a", "team-b")) {
      Workspace ws = new Workspace();
      ws.setMetadata(new ObjectMetaBuilder().withName("dev").withNamespace(ns).build());
      client.resources(Workspace.class).inNamespace(ns).resource(ws).create();
    }

    view = InformerClusterView.start(client, List.of("team-a"));
    await().atMost(Duration.ofSeconds(10)).until(view::synced);

    assertThat(view.workspace("team-a", "dev")).isPresent();
    assertThat(view.workspace("team-b", "dev")).isEmpty();
  }
}
