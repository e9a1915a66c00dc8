package dev.kubicle.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.operator.OperatorConfig;
import dev.kubicle.operator.support.OperatorHarness;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** On the embedded dev cluster no node runs Jobs: a Terraform build must fail at once and say what to do. */
class DevClusterBuildsTest {
  @Test
  void terraformBuildFailsFastWithWhatToDo() {
    String why = "This is the embedded dev cluster: it has no nodes, so no Terraform Job can run.";
    try (OperatorHarness harness = OperatorHarness.start(OperatorConfig.forTests(), why)) {
      harness.createTemplate(OperatorHarness.terraformTemplate("pod"));
      harness.createWorkspace(OperatorHarness.workspace("nowhere", "pod", Map.of()));

      Workspace failed = harness.awaitPhase("nowhere", WorkspacePhase.Failed);

      assertThat(failed.getStatus().getMessage()).contains("no nodes");
      assertThat(failed.getStatus().getCurrentBuild().getJob()).isNull();
      assertThat(harness.client().batch().v1().jobs().inAnyNamespace().list().getItems()).isEmpty();

      // Nothing ran, so nothing needs destroying: delete goes straight through.
      harness.client().resource(failed).delete();
      harness.awaitGone("nowhere");
    }
  }
}
