package dev.kubicle.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubicle.api.v1alpha1.Workspace;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconcileFailuresTest {
  private final OperatorMetrics metrics = new OperatorMetrics();
  private final ReconcileFailures failures = new ReconcileFailures(metrics);

  private static Workspace workspace() {
    Workspace ws = new Workspace();
    ws.setMetadata(new ObjectMetaBuilder().withName("w").withNamespace("ns").build());
    return ws;
  }

  @Test
  void aConflictIsCountedButIsNotUnexpected() {
    failures.failedReconciliation(workspace(), new KubernetesClientException("conflict", 409, null), Map.of());

    assertThat(metrics.value(ReconcileFailures.NAME, "kind", "Workspace", "cause", "conflict")).isEqualTo(1);
    assertThat(failures.unexpected()).isZero();
  }

  @Test
  void josdksFinalizerPatchGivingUpAfterConflictsIsAConflict() {
    failures.failedReconciliation(workspace(), new io.javaoperatorsdk.operator.OperatorException(
        "Exceeded maximum (10) retry attempts to patch resource: ResourceID{name='w', namespace='ns'}"), Map.of());
    failures.failedReconciliation(workspace(), new io.javaoperatorsdk.operator.OperatorException(
        "Exceeded something else"), Map.of());

    assertThat(metrics.value(ReconcileFailures.NAME, "kind", "Workspace", "cause", "conflict")).isEqualTo(1);
    assertThat(failures.unexpected()).isEqualTo(1);
  }

  @Test
  void aBugAndAnotherApiErrorAreUnexpectedAndKeptForDiagnostics() {
    failures.failedReconciliation(workspace(), new IllegalStateException("boom"), Map.of());
    failures.failedReconciliation(workspace(), new RuntimeException(new KubernetesClientException("gone", 500,
        null)), Map.of());

    assertThat(failures.unexpected()).isEqualTo(2);
    assertThat(metrics.value(ReconcileFailures.NAME, "kind", "Workspace", "cause", "other")).isEqualTo(1);
    assertThat(metrics.value(ReconcileFailures.NAME, "kind", "Workspace", "cause", "api")).isEqualTo(1);
    assertThat(failures.recent()).hasSize(2).first().asString().contains("Workspace ns/w").contains("boom");
  }

  @Test
  void everySeriesIsServedFromTheStart() {
    assertThat(metrics.render()).contains(ReconcileFailures.NAME + "{kind=\"AgentTask\",cause=\"other\"} 0");
  }
}
