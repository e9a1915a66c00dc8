package dev.kubicle.operator.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kubicle.api.v1alpha1.TemplateRef;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.api.v1alpha1.WorkspaceSpec;
import dev.kubicle.api.v1alpha1.WorkspaceStatus;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pins down what fabric8's mock API (CRUD mode, 7.5.2, behind {@link DevCluster}) does where operator logic cares.
 * Where it differs from a real API server the test name says so; if an upgrade changes one of these, the test that
 * breaks names the assumption that no longer holds.
 */
@Timeout(60)
@SuppressWarnings("unchecked")
class MockApiSemanticsTest {

  private static DevCluster cluster;
  private static KubernetesClient client;
  private static int counter;

  @BeforeAll
  static void start() {
    cluster = DevCluster.startEphemeral();
    client = cluster.client();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void generationMovesOnSpecChangesOnly() {
    Workspace created = workspaces().resource(workspace()).create();
    assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);

    Workspace labelled = workspaces().withName(name(created)).edit(w -> {
      w.getMetadata().setLabels(Map.of("team", "a"));
      return w;
    });
    assertThat(labelled.getMetadata().getGeneration()).as("metadata-only change").isEqualTo(1L);

    Workspace withStatus = workspaces().resource(withPhase(labelled, WorkspacePhase.Starting)).updateStatus();
    assertThat(withStatus.getMetadata().getGeneration()).as("status change").isEqualTo(1L);
    assertThat(withStatus.getMetadata().getResourceVersion())
        .isNotEqualTo(labelled.getMetadata().getResourceVersion());

    Workspace stopped = workspaces().withName(name(created)).edit(w -> {
      w.getSpec().setRunning(false);
      return w;
    });
    assertThat(stopped.getMetadata().getGeneration()).as("spec change").isEqualTo(2L);
  }

  @Test
  void aNoOpUpdateKeepsTheResourceVersion() {
    Workspace created = workspaces().resource(workspace()).create();

    Workspace same = workspaces().resource(created).update();

    assertThat(same.getMetadata().getResourceVersion()).isEqualTo(created.getMetadata().getResourceVersion());
  }

  @Test
  void statusSubresourceSeparatesSpecFromStatus() {
    Workspace draft = workspace();
    draft.setStatus(status(WorkspacePhase.Running));
    Workspace created = workspaces().resource(draft).create();
    assertThat(created.getStatus() == null ? null : created.getStatus().getPhase())
        .as("status in a create is dropped").isNull();

    Workspace sneaky = copyOf(created);
    sneaky.getSpec().setOwner("mallory");
    sneaky.setStatus(status(WorkspacePhase.Starting));
    Workspace afterStatusWrite = workspaces().resource(sneaky).updateStatus();
    assertThat(afterStatusWrite.getSpec().getOwner()).as("spec in a status write is ignored").isEqualTo("alice");
    assertThat(afterStatusWrite.getStatus().getPhase()).isEqualTo(WorkspacePhase.Starting);

    Workspace main = copyOf(afterStatusWrite);
    main.setStatus(status(WorkspacePhase.Failed));
    main.getSpec().setOwner("bob");
    Workspace afterMainWrite = workspaces().resource(main).update();
    assertThat(afterMainWrite.getStatus().getPhase()).as("status in a main write is ignored")
        .isEqualTo(WorkspacePhase.Starting);
    assertThat(afterMainWrite.getSpec().getOwner()).isEqualTo("bob");

    Workspace patched = workspaces().resource(withPhase(afterMainWrite, WorkspacePhase.Running)).patchStatus();
    assertThat(patched.getStatus().getPhase()).isEqualTo(WorkspacePhase.Running);
    assertThat(patched.getMetadata().getGeneration()).isEqualTo(2L);
  }

  @Test
  void aStaleResourceVersionConflictsOnUpdate() {
    Workspace created = workspaces().resource(workspace()).create();
    workspaces().resource(withOwner(created, "bob")).update();

    assertThatThrownBy(() -> workspaces().resource(withOwner(created, "carol")).update())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
  }

  @Test
  void aStaleResourceVersionConflictsOnAStatusPatchThatCarriesIt() {
    Workspace created = workspaces().resource(workspace()).create();
    workspaces().resource(withPhase(created, WorkspacePhase.Starting)).updateStatus();

    String stale = "{\"metadata\":{\"resourceVersion\":\"" + created.getMetadata().getResourceVersion()
        + "\"},\"status\":{\"phase\":\"Failed\"}}";
    assertThatThrownBy(() -> workspaces().withName(name(created)).subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), stale))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
  }

  @Test
  void aStaleResourceVersionConflictsOnAStatusUpdate() {
    // The bare mock copies the stored object before comparing versions, so its check always passed; WriteAdmission
    // compares the body's version with the stored one first, as a real server does.
    Workspace created = workspaces().resource(workspace()).create();
    workspaces().resource(withPhase(created, WorkspacePhase.Starting)).updateStatus();

    assertThatThrownBy(() -> workspaces().resource(withPhase(created, WorkspacePhase.Failed)).updateStatus())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
          assertThat(e.getStatus().getMessage()).isEqualTo("Operation cannot be fulfilled on workspaces.kubicle.dev \""
              + name(created) + "\": the object has been modified; please apply your changes to the latest version"
              + " and try again");
        });
    assertThat(workspaces().withName(name(created)).get().getStatus().getPhase()).isEqualTo(WorkspacePhase.Starting);
  }

  @Test
  void deletingAnObjectWithAFinalizerMarksItUntilTheFinalizerIsRemoved() {
    Workspace draft = workspace();
    draft.getMetadata().setFinalizers(List.of("kubicle.dev/destroy"));
    Workspace created = workspaces().resource(draft).create();

    workspaces().withName(name(created)).delete();
    Workspace marked = workspaces().withName(name(created)).get();
    assertThat(marked).isNotNull();
    assertThat(marked.getMetadata().getDeletionTimestamp()).isNotBlank();
    assertThat(marked.getMetadata().getResourceVersion()).isNotEqualTo(created.getMetadata().getResourceVersion());

    workspaces().withName(name(created)).delete();
    assertThat(workspaces().withName(name(created)).get().getMetadata().getDeletionTimestamp())
        .as("a second delete changes nothing").isEqualTo(marked.getMetadata().getDeletionTimestamp());

    Workspace last = workspaces().withName(name(created)).edit(w -> {
      w.getMetadata().setFinalizers(List.of());
      return w;
    });
    assertThat(last.getMetadata().getDeletionTimestamp()).isEqualTo(marked.getMetadata().getDeletionTimestamp());
    assertThat(workspaces().withName(name(created)).get()).as("gone once the last finalizer is removed").isNull();
  }

  @Test
  void removingTheLastFinalizerWithAPutDeletesTheObject() {
    Workspace draft = workspace();
    draft.getMetadata().setFinalizers(List.of("kubicle.dev/destroy"));
    Workspace created = workspaces().resource(draft).create();
    workspaces().withName(name(created)).delete();
    Workspace marked = workspaces().withName(name(created)).get();
    marked.getMetadata().setFinalizers(List.of());

    // The bare mock answers with an empty body (fabric8 returns null, kubectl fails to parse it); DevDispatcher
    // answers like a real server, with the object's final state.
    Workspace answer = workspaces().resource(marked).update();

    assertThat(answer.getMetadata().getName()).isEqualTo(name(created));
    assertThat(answer.getMetadata().getFinalizers()).isEmpty();
    assertThat(workspaces().withName(name(created)).get()).isNull();
  }

  @Test
  void statusCanStillBeWrittenWhileAnObjectIsBeingDeleted() {
    Workspace draft = workspace();
    draft.getMetadata().setFinalizers(List.of("kubicle.dev/destroy"));
    Workspace created = workspaces().resource(draft).create();
    workspaces().withName(name(created)).delete();
    Workspace marked = workspaces().withName(name(created)).get();

    Workspace deleting = workspaces().resource(withPhase(marked, WorkspacePhase.Deleting)).updateStatus();

    assertThat(deleting.getStatus().getPhase()).isEqualTo(WorkspacePhase.Deleting);
    assertThat(deleting.getMetadata().getDeletionTimestamp()).isEqualTo(marked.getMetadata().getDeletionTimestamp());
  }

  @Test
  void watchesDeliverAddedModifiedAndDeletedForCustomResources() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    Workspace existing = workspaces().resource(workspace()).create();
    try (Watch ignored = workspaces().withName(name(existing)).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Workspace resource) {
        events.add(action + ":" + resource.getMetadata().getGeneration());
      }

      @Override
      public void onClose(WatcherException cause) {
      }
    })) {
      // a new watch replays the objects that already exist as ADDED, whatever resourceVersion it asked from
      await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("ADDED:1"));
      workspaces().withName(name(existing)).edit(w -> {
        w.getSpec().setRunning(false);
        return w;
      });
      workspaces().withName(name(existing)).delete();

      await().atMost(Duration.ofSeconds(10)).until(() -> events.size() >= 3);
      assertThat(events).containsExactly("ADDED:1", "MODIFIED:2", "DELETED:2");
    }
  }

  @Test
  void informersSeeCreatesUpdatesAndDeletes() {
    List<String> seen = new CopyOnWriteArrayList<>();
    String label = "informer-" + (++counter);
    SharedIndexInformer<Workspace> informer = workspaces().withLabel("suite", label).inform(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Workspace obj) {
            seen.add("add:" + obj.getMetadata().getName());
          }

          @Override
          public void onUpdate(Workspace oldObj, Workspace newObj) {
            if (!oldObj.getMetadata().getResourceVersion().equals(newObj.getMetadata().getResourceVersion())) {
              seen.add("update:" + newObj.getMetadata().getName());
            }
          }

          @Override
          public void onDelete(Workspace obj, boolean deletedFinalStateUnknown) {
            seen.add("delete:" + obj.getMetadata().getName());
          }
        });
    try {
      Workspace draft = workspace();
      draft.getMetadata().setLabels(Map.of("suite", label));
      Workspace created = workspaces().resource(draft).create();
      workspaces().resource(withPhase(created, WorkspacePhase.Running)).updateStatus();
      workspaces().withName(name(created)).delete();

      String n = name(created);
      await().atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(seen).containsExactly("add:" + n, "update:" + n, "delete:" + n));
    } finally {
      informer.close();
    }
  }

  @Test
  void labelSelectorsFilterLists() {
    Workspace draft = workspace();
    draft.getMetadata().setLabels(Map.of("kubicle.dev/owner", "dora"));
    workspaces().resource(draft).create();
    workspaces().resource(workspace()).create();

    assertThat(workspaces().withLabel("kubicle.dev/owner", "dora").list().getItems()).hasSize(1);
  }

  @Test
  void unlikeARealServerServerSideApplyIsRejected() {
    // JOSDK must be built with SSA off against the mock (see VERSIONS.md); a real cluster supports it.
    // Apply is a PATCH: to a missing object the mock answers 404, to an existing one 415 (unknown patch type).
    Workspace draft = workspace();
    assertThatThrownBy(() -> workspaces().resource(draft).fieldManager("kubicle").forceConflicts().serverSideApply())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));

    Workspace existing = workspaces().resource(draft).create();
    assertThatThrownBy(() -> workspaces().resource(withOwner(existing, "bob")).fieldManager("kubicle")
        .forceConflicts().serverSideApply())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(415));
  }

  @Test
  void unlikeARealServerOwnerReferencesAreNotGarbageCollected() {
    Workspace owner = workspaces().resource(workspace()).create();
    ConfigMap child = new ConfigMapBuilder()
        .withMetadata(new ObjectMetaBuilder().withName(name(owner) + "-child")
            .addNewOwnerReference().withApiVersion("kubicle.dev/v1alpha1").withKind("Workspace")
            .withName(name(owner)).withUid(owner.getMetadata().getUid()).withController(true).endOwnerReference()
            .build())
        .build();
    client.configMaps().resource(child).create();

    workspaces().withName(name(owner)).delete();

    assertThat(client.configMaps().withName(name(owner) + "-child").get()).isNotNull();
  }

  @Test
  void fieldsTheCrdSchemaDoesNotDeclareArePrunedBeforeStorage() {
    GenericKubernetesResource raw = rawWorkspace(Map.of("template", Map.of("name", "hello"), "owner", "alice",
        "ttl", "-5h"));

    GenericKubernetesResource stored = rawWorkspaces().resource(raw).create();

    assertThat((Map<String, Object>) stored.get("spec")).containsOnlyKeys("template", "owner");
    assertThat(workspaces().withName(stored.getMetadata().getName()).get().getSpec().getOwner()).isEqualTo("alice");
  }

  @Test
  void aValueOfTheWrongTypeIsRejectedWith422NamingTheField() {
    GenericKubernetesResource raw = rawWorkspace(Map.of("template", Map.of("name", "hello"), "owner", 42));

    assertThatThrownBy(() -> rawWorkspaces().resource(raw).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
          assertThat(e.getStatus().getDetails().getCauses()).singleElement().satisfies(cause -> {
            assertThat(cause.getField()).isEqualTo("spec.owner");
            assertThat(cause.getReason()).isEqualTo("FieldValueTypeInvalid");
          });
        });
    assertThat(rawWorkspaces().withName(raw.getMetadata().getName()).get()).as("nothing stored").isNull();
  }

  @Test
  void generateNameIsHonoured() {
    Workspace draft = workspace();
    draft.getMetadata().setName(null);
    draft.getMetadata().setGenerateName("gen-");

    Workspace created = workspaces().resource(draft).create();

    assertThat(created.getMetadata().getName()).startsWith("gen-");
    assertThat(created.getMetadata().getUid()).isNotBlank();
  }

  private static GenericKubernetesResource rawWorkspace(Map<String, Object> spec) {
    GenericKubernetesResource raw = new GenericKubernetesResource();
    raw.setApiVersion("kubicle.dev/v1alpha1");
    raw.setKind("Workspace");
    raw.setMetadata(new ObjectMetaBuilder().withName("raw-" + (++counter)).build());
    raw.setAdditionalProperties(Map.of("spec", spec));
    return raw;
  }

  private static NonNamespaceOperation<GenericKubernetesResource, io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
      Resource<GenericKubernetesResource>> rawWorkspaces() {
    return client.genericKubernetesResources("kubicle.dev/v1alpha1", "Workspace").inNamespace("default");
  }

  private static NonNamespaceOperation<Workspace, KubernetesResourceList<Workspace>, Resource<Workspace>> workspaces() {
    return client.resources(Workspace.class).inNamespace("default");
  }

  private static Workspace workspace() {
    Workspace w = new Workspace();
    w.setMetadata(new ObjectMetaBuilder().withName("ws-" + (++counter)).build());
    WorkspaceSpec spec = new WorkspaceSpec();
    spec.setTemplate(new TemplateRef("hello", null));
    spec.setOwner("alice");
    w.setSpec(spec);
    w.setStatus(null);
    return w;
  }

  private static Workspace copyOf(Workspace w) {
    return client.getKubernetesSerialization().clone(w);
  }

  private static Workspace withPhase(Workspace w, WorkspacePhase phase) {
    Workspace copy = copyOf(w);
    copy.setStatus(status(phase));
    return copy;
  }

  private static Workspace withOwner(Workspace w, String owner) {
    Workspace copy = copyOf(w);
    copy.getSpec().setOwner(owner);
    return copy;
  }

  private static WorkspaceStatus status(WorkspacePhase phase) {
    WorkspaceStatus status = new WorkspaceStatus();
    status.setPhase(phase);
    return status;
  }

  private static String name(Workspace w) {
    return w.getMetadata().getName();
  }
}
