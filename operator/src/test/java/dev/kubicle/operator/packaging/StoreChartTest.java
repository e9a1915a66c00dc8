package dev.kubicle.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.kubicle.operator.support.Repository;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The chart's store settings: where the SQLite file lives, and how PostgreSQL and its password are passed. */
class StoreChartTest {

  @Test
  void byDefaultTheSqliteFileLivesOnAClaimThatOutlivesAnUninstall() {
    List<HasMetadata> objects = render(UnaryOperator.identity());
    Deployment deployment = one(objects, Deployment.class);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container operator = pod.getContainers().get(0);

    PersistentVolumeClaim claim = one(objects, PersistentVolumeClaim.class);
    assertThat(claim.getMetadata().getName()).isEqualTo("kubicle-store");
    assertThat(claim.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
    assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("2Gi");
    assertThat(data(pod).getPersistentVolumeClaim().getClaimName()).isEqualTo("kubicle-store");
    assertThat(operator.getVolumeMounts()).anySatisfy(m -> {
      assertThat(m.getName()).isEqualTo("data");
      assertThat(m.getMountPath()).isEqualTo("/var/lib/kubicle");
    });
    assertThat(env(operator, "KUBICLE_DATA_DIR")).map(EnvVar::getValue).contains("/var/lib/kubicle");
    assertThat(env(operator, "KUBICLE_STORE_RETENTION_DAYS")).map(EnvVar::getValue).contains("30");
    assertThat(env(operator, "KUBICLE_STORE_URL")).isEmpty();
    // Still hardened, and the volume is writable by the non-root user through fsGroup.
    assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(65532L);
  }

  @Test
  void withoutPersistenceTheStoreIsAnEmptyDir() {
    List<HasMetadata> objects = render(t -> t.set("store.persistence.enabled", "false"));

    assertThat(all(objects, PersistentVolumeClaim.class)).isEmpty();
    assertThat(data(one(objects, Deployment.class).getSpec().getTemplate().getSpec()).getEmptyDir()).isNotNull();
  }

  @Test
  void anExistingClaimIsUsedAsItIs() {
    List<HasMetadata> objects = render(t -> t.set("store.persistence.existingClaim", "my-claim"));

    assertThat(all(objects, PersistentVolumeClaim.class)).isEmpty();
    assertThat(data(one(objects, Deployment.class).getSpec().getTemplate().getSpec()).getPersistentVolumeClaim()
        .getClaimName()).isEqualTo("my-claim");
  }

  @Test
  void withPostgresTheUrlIsPassedAndThePasswordComesFromItsSecret() {
    List<HasMetadata> objects = render(t -> t
        .set("store.postgres.url", "postgres://kubicle@db.example:5432/kubicle")
        .set("store.postgres.passwordSecret.name", "kubicle-db")
        .set("store.retentionDays", "90"));
    Container operator = one(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(all(objects, PersistentVolumeClaim.class)).as("no SQLite volume needed").isEmpty();
    assertThat(env(operator, "KUBICLE_STORE_URL")).map(EnvVar::getValue)
        .contains("postgres://kubicle@db.example:5432/kubicle");
    EnvVar password = env(operator, "KUBICLE_STORE_PASSWORD").orElseThrow();
    assertThat(password.getValue()).isNull();
    assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("kubicle-db");
    assertThat(password.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
    assertThat(env(operator, "KUBICLE_STORE_RETENTION_DAYS")).map(EnvVar::getValue).contains("90");
  }

  private static Volume data(PodSpec pod) {
    return pod.getVolumes().stream().filter(v -> v.getName().equals("data")).findFirst().orElseThrow();
  }

  private static Optional<EnvVar> env(Container container, String name) {
    return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst();
  }

  private static List<HasMetadata> render(UnaryOperator<TemplateCommand> values) {
    String manifest = values.apply(new Helm(Repository.root().resolve("helm/kubicle")).template()
        .withName("kubicle").withNamespace("kubicle-system")).call();
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : manifest.split("(?m)^---\\s*$")) {
      if (document.lines().anyMatch(line -> line.startsWith("kind:"))) {
        HasMetadata object = Serialization.unmarshal(document);
        if (object.getMetadata().getLabels() == null
            || !"webhook".equals(object.getMetadata().getLabels().get("app.kubernetes.io/component"))) {
          objects.add(object);
        }
      }
    }
    return objects;
  }

  private static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type) {
    List<T> found = all(objects, type);
    assertThat(found).as(type.getSimpleName()).hasSize(1);
    return found.get(0);
  }
}
