package dev.kubicle.operator.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kubicle.operator.Main;
import dev.kubicle.operator.OperatorConfig;
import dev.kubicle.operator.support.OperatorHarness;
import dev.kubicle.operator.support.Repository;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's quickstart, as a newcomer types it: the real kubectl against the dev cluster and operator. */
class QuickstartTest {
  @Test
  void exampleEchoWorkspaceAppliedWithKubectlBecomesReady(@TempDir Path tmp) {
    Path binary = Kubectl.onPath().orElse(null);
    assumeTrue(binary != null, "kubectl is not on PATH; skipping the quickstart with the real binary");
    Path examples = Repository.root().resolve("examples");
    try (OperatorHarness harness = OperatorHarness.start(OperatorConfig.forTests(), Main.DEV_NO_JOBS)) {
      Kubectl kubectl = Kubectl.of(binary, harness.cluster().kubeconfigPath(), tmp);
      kubectl.run("apply", "-f", examples.resolve("templates/echo/template.yaml").toString()).ok();
      kubectl.run("apply", "-f", examples.resolve("workspaces/echo.yaml").toString()).ok();

      // kubectl wait watches over plain HTTP while the operator's informers watch over WebSocket.
      Kubectl.Result ready = kubectl.run("wait", "--for=condition=Ready", "ws/echo", "--timeout=25s").ok();
      assertThat(ready.stdout()).contains("condition met");
      assertThat(ready.stderr()).doesNotContain("Failed to watch");
      assertThat(kubectl.run("get", "ws", "echo", "-o", "jsonpath={.status.phase}").ok().stdout())
          .isEqualTo("Running");
      assertThat(kubectl.run("get", "ws", "echo").ok().stdout()).containsPattern("echo\\s+Running\\s+echo\\s+alice");

      // A Terraform template on the dev cluster fails at once, and says why.
      kubectl.run("apply", "-f", examples.resolve("templates/kubernetes-pod/template.yaml").toString()).ok();
      kubectl.run("apply", "-f", examples.resolve("workspaces/dev.yaml").toString()).ok();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() ->
          kubectl.run("get", "ws", "dev", "-o", "jsonpath={.status.phase}").ok().stdout().equals("Failed"));
      assertThat(kubectl.run("get", "ws", "dev", "-o", "jsonpath={.status.message}").ok().stdout())
          .contains("no nodes");

      // The operator's finalizer holds the delete until its destroy build ran; kubectl delete watches for the end.
      Kubectl.Result deleted = kubectl.run("delete", "ws", "echo", "--timeout=25s").ok();
      assertThat(deleted.stderr()).doesNotContain("Failed to watch");
      assertThat(kubectl.run("get", "ws", "-o", "name").ok().stdout()).doesNotContain("workspace.kubicle.dev/echo");
    }
  }

}
