package dev.kubicle.webhook.rules;

import static dev.kubicle.webhook.Reviews.allowed;
import static dev.kubicle.webhook.Reviews.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubicle.webhook.FakeClusterView;
import dev.kubicle.webhook.Reviews;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PodConnectGuardTest {
  private final FakeClusterView cluster = new FakeClusterView();
  private final PodConnectGuard rule = new PodConnectGuard(OwnershipTest.IDS, cluster);

  @BeforeEach
  void aWorkspaceWithItsPodAndARunner() {
    cluster.workspace("team-a", "dev", "uid-1", "alice");
    cluster.pod("team-a", "kubicle-dev", Map.of("kubicle.dev/workspace-uid", "uid-1"));
    cluster.pod("team-a", "dev-b3-x7", Map.of("kubicle.dev/workspace-uid", "uid-1",
        "app.kubernetes.io/component", "terraform-runner"));
    cluster.pod("team-a", "orphan", Map.of("kubicle.dev/workspace-uid", "gone"));
  }

  @Test
  void theOwnerExecsAndAttachesIntoTheirWorkspacePod() {
    assertThat(allowed(Reviews.connect("exec", "team-a", "kubicle-dev").user("alice").sendTo(rule))).isTrue();
    assertThat(allowed(Reviews.connect("attach", "team-a", "kubicle-dev").user("alice").sendTo(rule))).isTrue();
  }

  @Test
  void anotherMemberMayNotExecIntoSomeonesWorkspacePod() {
    assertThat(message(Reviews.connect("exec", "team-a", "kubicle-dev").user("mallory").sendTo(rule)))
        .isEqualTo("pods/exec into team-a/kubicle-dev is not allowed: it belongs to workspace \"dev\", owned by "
            + "\"alice\"; only the owner, admins and Kubicle may use it");
    assertThat(message(Reviews.connect("attach", "team-a", "kubicle-dev").user("mallory").sendTo(rule)))
        .startsWith("pods/attach into team-a/kubicle-dev is not allowed");
  }

  @Test
  void adminsAndKubicleMayExecIntoAnyWorkspacePod() {
    assertThat(allowed(Reviews.connect("exec", "team-a", "kubicle-dev").user("root", "system:masters")
        .sendTo(rule))).isTrue();
    assertThat(allowed(Reviews.connect("exec", "team-a", "dev-b3-x7").user(OwnershipTest.OPERATOR).sendTo(rule)))
        .isTrue();
  }

  @Test
  void notEvenTheOwnerExecsIntoTheTerraformRunner() {
    assertThat(message(Reviews.connect("exec", "team-a", "dev-b3-x7").user("alice").sendTo(rule)))
        .isEqualTo("pods/exec into team-a/dev-b3-x7 is not allowed: it runs Terraform for workspace \"dev\" with the "
            + "runner's credentials; only admins and Kubicle may use it");
  }

  @Test
  void aPodOfAWorkspaceThatIsGoneIsForAdminsOnly() {
    assertThat(message(Reviews.connect("exec", "team-a", "orphan").user("alice").sendTo(rule)))
        .isEqualTo("pods/exec into team-a/orphan is not allowed: it belongs to a Kubicle workspace (uid gone) that no "
            + "longer exists; only admins and Kubicle may use it");
  }

  @Test
  void podsThatAreNotKubiclesPass() {
    assertThat(allowed(Reviews.connect("exec", "team-a", "postgres-0").user("mallory").sendTo(rule))).isTrue();
  }
}
