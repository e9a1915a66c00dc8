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

class ServiceProxyGuardTest {
  private final FakeClusterView cluster = new FakeClusterView();
  private final ServiceProxyGuard rule = new ServiceProxyGuard(OwnershipTest.IDS, cluster);

  @BeforeEach
  void aliceAndBobEachHaveAWorkspaceWithAServiceInTeamA() {
    cluster.workspace("team-a", "dev", "uid-1", "alice");
    cluster.workspace("team-a", "bobs", "uid-2", "bob");
    cluster.pod("team-a", "kubicle-dev", Map.of("kubicle.dev/workspace-uid", "uid-1", "app", "dev"));
    cluster.pod("team-a", "kubicle-bobs", Map.of("kubicle.dev/workspace-uid", "uid-2", "app", "bobs"));
    cluster.service("team-a", "dev-web", Map.of("app", "dev"));
    cluster.service("team-a", "hand-written", Map.of());
    cluster.service("team-a", "postgres", Map.of("app", "postgres"));
    cluster.service("team-b", "hand-written", Map.of());
    cluster.service("team-b", "postgres", Map.of("app", "postgres"));
  }

  /**
   * Issue 13, hole 7: a member proxies HTTP to another member's workspace through its Service (kubectl get --raw
   * /api/v1/namespaces/team-a/services/dev-web:8080/proxy/...). On main no rule listed services/proxy: allowed.
   */
  @ParameterizedTest
  @ValueSource(strings = {"dev-web", "dev-web:8080", "https:dev-web:443"})
  void aMemberProxyingToAnotherMembersWorkspaceServiceIsDenied(String nameSegment) {
    assertThat(message(Reviews.proxy("services", "team-a", nameSegment, "/").user("bob").sendTo(rule)))
        .isEqualTo("services/proxy to team-a/dev-web is not allowed: it belongs to workspace \"dev\", owned by "
            + "\"alice\"; only the owner, admins and Kubicle may use it");
  }

  @Test
  void theOwnerAdminsAndKubicleProxyToTheWorkspaceService() {
    assertThat(allowed(Reviews.proxy("services", "team-a", "dev-web:8080", "/").user("alice").sendTo(rule))).isTrue();
    assertThat(allowed(Reviews.proxy("services", "team-a", "dev-web", "/").user("root", "system:masters")
        .sendTo(rule))).isTrue();
    assertThat(allowed(Reviews.proxy("services", "team-a", "dev-web", "/").user(OwnershipTest.OPERATOR)
        .sendTo(rule))).isTrue();
  }

  @Test
  void aServiceWithoutASelectorMayPointAtAnyPodSoOnlyAdminsProxyThroughIt() {
    assertThat(message(Reviews.proxy("services", "team-a", "hand-written", "/").user("alice").sendTo(rule)))
        .isEqualTo("services/proxy to team-a/hand-written is not allowed: it has no selector, so its endpoints may be "
            + "any pod's address, a workspace pod's included; only admins and Kubicle may proxy through it");
    assertThat(allowed(Reviews.proxy("services", "team-b", "hand-written", "/").user("mallory").sendTo(rule)))
        .as("hand-written endpoints may name a pod in another namespace").isFalse();
    assertThat(allowed(Reviews.proxy("services", "team-b", "hand-written", "/").user("ops", "kubicle:admins")
        .sendTo(rule))).isTrue();
  }

  @Test
  void aServiceTheWebhookDoesNotKnowIsRefusedWhereWorkspacesLive() {
    assertThat(message(Reviews.proxy("services", "team-a", "brand-new", "/").user("alice").sendTo(rule)))
        .isEqualTo("services/proxy to team-a/brand-new is not allowed: the webhook does not know this Service yet, "
            + "and namespace team-a holds Kubicle workspace pods; try again shortly");
    assertThat(allowed(Reviews.proxy("services", "team-b", "brand-new", "/").user("mallory").sendTo(rule))).isTrue();
  }

  @Test
  void servicesThatSelectNoKubiclePodPass() {
    assertThat(allowed(Reviews.proxy("services", "team-a", "postgres:5432", "/").user("mallory").sendTo(rule)))
        .isTrue();
    assertThat(allowed(Reviews.proxy("services", "team-b", "postgres", "/").user("mallory").sendTo(rule))).isTrue();
  }

  @Test
  void aServiceSelectingTwoOwnersPodsIsForNeitherOwner() {
    cluster.service("team-a", "both", Map.of("kubicle.dev/managed", "true"));
    cluster.pod("team-a", "kubicle-dev", Map.of("kubicle.dev/workspace-uid", "uid-1", "kubicle.dev/managed", "true"));
    cluster.pod("team-a", "kubicle-bobs", Map.of("kubicle.dev/workspace-uid", "uid-2", "kubicle.dev/managed", "true"));

    assertThat(allowed(Reviews.proxy("services", "team-a", "both", "/").user("alice").sendTo(rule))).isFalse();
    assertThat(allowed(Reviews.proxy("services", "team-a", "both", "/").user("bob").sendTo(rule))).isFalse();
  }
}
