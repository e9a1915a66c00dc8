package dev.kubicle.webhook.rules;

import static dev.kubicle.webhook.Reviews.allowed;
import static dev.kubicle.webhook.Reviews.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubicle.webhook.FakeClusterView;
import dev.kubicle.webhook.Reviews;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PodConnectGuardTest {
  private static final Map<String, String> WORKSPACE_POD = Map.of("kubicle.dev/workspace-uid", "uid-1");
  private static final Map<String, String> RUNNER_POD = Map.of("kubicle.dev/workspace-uid", "uid-1",
      "app.kubernetes.io/component", "terraform-runner");
  private static final Map<String, String> ORPHAN_POD = Map.of("kubicle.dev/workspace-uid", "gone");
  private static final Map<String, Map<String, String>> POD_LABELS = Map.of("kubicle-dev", WORKSPACE_POD,
      "dev-b3-x7", RUNNER_POD, "orphan", ORPHAN_POD, "postgres-0", Map.of("app", "postgres"));

  private final FakeClusterView cluster = new FakeClusterView();
  private final PodConnectGuard rule = new PodConnectGuard(OwnershipTest.IDS, cluster);

  @BeforeEach
  void aWorkspaceWithItsPodAndARunner() {
    cluster.workspace("team-a", "dev", "uid-1", "alice");
    cluster.pod("team-a", "kubicle-dev", WORKSPACE_POD);
    cluster.pod("team-a", "dev-b3-x7", RUNNER_POD);
    cluster.pod("team-a", "orphan", ORPHAN_POD);
  }

  /**
   * The review the API server sends for {@code subResource} on a pod in team-a: a CONNECT for exec, attach and
   * portforward; an UPDATE carrying the pod for ephemeralcontainers (kubectl debug).
   */
  private static Reviews reach(String subResource, String pod) {
    return subResource.equals("ephemeralcontainers")
        ? Reviews.ephemeralContainers("team-a", pod, POD_LABELS.getOrDefault(pod, Map.of()))
        : Reviews.connect(subResource, "team-a", pod);
  }

  @ParameterizedTest
  @ValueSource(strings = {"portforward", "ephemeralcontainers"})
  void theOwnerPortForwardsAndDebugsTheirWorkspacePod(String subResource) {
    assertThat(allowed(reach(subResource, "kubicle-dev").user("alice").sendTo(rule))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"portforward", "ephemeralcontainers"})
  void anotherMemberMayNotPortForwardOrDebugSomeonesWorkspacePod(String subResource) {
    assertThat(message(reach(subResource, "kubicle-dev").user("mallory").sendTo(rule)))
        .isEqualTo("pods/" + subResource + " into team-a/kubicle-dev is not allowed: it belongs to workspace \"dev\", "
            + "owned by \"alice\"; only the owner, admins and Kubicle may use it");
  }

  @ParameterizedTest
  @ValueSource(strings = {"portforward", "ephemeralcontainers"})
  void adminsMayPortForwardAndDebugAnyWorkspacePod(String subResource) {
    assertThat(allowed(reach(subResource, "kubicle-dev").user("root", "system:masters").sendTo(rule))).isTrue();
    assertThat(allowed(reach(subResource, "dev-b3-x7").user("ops", "kubicle:admins").sendTo(rule))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"portforward", "ephemeralcontainers"})
  void kubicleMayPortForwardAndDebugAnyWorkspacePod(String subResource) {
    assertThat(allowed(reach(subResource, "kubicle-dev").user(OwnershipTest.OPERATOR).sendTo(rule))).isTrue();
    assertThat(allowed(reach(subResource, "dev-b3-x7").user(OwnershipTest.OPERATOR).sendTo(rule))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"portforward", "ephemeralcontainers"})
  void notEvenTheOwnerPortForwardsToOrDebugsTheTerraformRunner(String subResource) {
    assertThat(message(reach(subResource, "dev-b3-x7").user("alice").sendTo(rule)))
        .isEqualTo("pods/" + subResource + " into team-a/dev-b3-x7 is not allowed: it runs Terraform for workspace "
            + "\"dev\" with the runner's credentials; only admins and Kubicle may use it");
  }

  @ParameterizedTest
  @ValueSource(strings = {"portforward", "ephemeralcontainers"})
  void aPodOfAWorkspaceThatIsGoneIsForAdminsOnlyToo(String subResource) {
    assertThat(message(reach(subResource, "orphan").user("alice").sendTo(rule)))
        .isEqualTo("pods/" + subResource + " into team-a/orphan is not allowed: it belongs to a Kubicle workspace "
            + "(uid gone) that no longer exists; only admins and Kubicle may use it");
  }

  @ParameterizedTest
  @ValueSource(strings = {"portforward", "ephemeralcontainers"})
  void podsThatAreNotKubiclesMayBePortForwardedAndDebugged(String subResource) {
    assertThat(allowed(reach(subResource, "postgres-0").user("mallory").sendTo(rule))).isTrue();
  }

  @Test
  void debuggingAWorkspacePodTheCacheDoesNotKnowYetIsGuardedByThePodInTheReview() {
    assertThat(message(Reviews.ephemeralContainers("team-a", "kubicle-dev-new", WORKSPACE_POD).user("mallory")
        .sendTo(rule))).startsWith("pods/ephemeralcontainers into team-a/kubicle-dev-new is not allowed: it belongs "
            + "to workspace \"dev\"");
  }

  @Test
  void aReviewThatShowsNoLabelDoesNotHideAPodTheCacheKnows() {
    assertThat(allowed(Reviews.ephemeralContainers("team-a", "kubicle-dev", Map.of()).user("mallory").sendTo(rule)))
        .isFalse();
  }

  @Test
  void otherPodUpdatesAreNotThisRulesBusiness() {
    Reviews plainUpdate = Reviews.ephemeralContainers("team-a", "kubicle-dev", WORKSPACE_POD).user("mallory");
    plainUpdate.json().with("request").remove("subResource");
    assertThat(allowed(plainUpdate.sendTo(rule))).isTrue();
    Reviews status = Reviews.ephemeralContainers("team-a", "kubicle-dev", WORKSPACE_POD).user("mallory");
    status.json().with("request").put("subResource", "status");
    assertThat(allowed(status.sendTo(rule))).isTrue();
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

  /**
   * Issue 13, hole 7: a member proxies HTTP to another member's workspace pod through the API server (kubectl get
   * --raw /api/v1/namespaces/team-a/pods/kubicle-dev:8080/proxy/...). On main the chart sent no pods/proxy review and
   * the guard looked the name segment "kubicle-dev:8080" up as a pod name, found nothing and allowed it.
   */
  @ParameterizedTest
  @ValueSource(strings = {"kubicle-dev", "kubicle-dev:8080", "http:kubicle-dev:8080", "https:kubicle-dev:", ":kubicle-dev:22"})
  void aMemberProxyingToAnotherMembersWorkspacePodIsDenied(String nameSegment) {
    assertThat(message(Reviews.proxy("pods", "team-a", nameSegment, "/api/secrets").user("mallory").sendTo(rule)))
        .isEqualTo("pods/proxy into team-a/" + nameSegment + " is not allowed: it belongs to workspace \"dev\", "
            + "owned by \"alice\"; only the owner, admins and Kubicle may use it");
  }

  @Test
  void theOwnerAndAdminsProxyToTheWorkspacePodButNobodyToTheRunner() {
    assertThat(allowed(Reviews.proxy("pods", "team-a", "kubicle-dev:8080", "/").user("alice").sendTo(rule))).isTrue();
    assertThat(allowed(Reviews.proxy("pods", "team-a", "https:kubicle-dev:443", "/").user("root", "system:masters")
        .sendTo(rule))).isTrue();
    assertThat(message(Reviews.proxy("pods", "team-a", "dev-b3-x7:8080", "/").user("alice").sendTo(rule)))
        .startsWith("pods/proxy into team-a/dev-b3-x7:8080 is not allowed: it runs Terraform");
    assertThat(allowed(Reviews.proxy("pods", "team-a", "postgres-0:5432", "/").user("mallory").sendTo(rule))).isTrue();
  }
}
