package dev.kubicle.webhook.rules;

import static dev.kubicle.webhook.Reviews.allowed;
import static dev.kubicle.webhook.Reviews.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubicle.webhook.FakeClusterView;
import dev.kubicle.webhook.Reviews;
import dev.kubicle.webhook.admission.Identities;
import org.junit.jupiter.api.Test;

class OwnershipTest {
  static final Identities IDS = Identities.defaults("kubicle-system", "kubicle");
  static final String OPERATOR = "system:serviceaccount:kubicle-system:kubicle";

  private final FakeClusterView cluster = new FakeClusterView();
  private final Ownership rule = new Ownership(IDS, cluster);

  static String ws(String owner) {
    return "{'apiVersion':'kubicle.dev/v1alpha1','kind':'Workspace','metadata':{'name':'dev','namespace':'team-a'},"
        + "'spec':{'template':{'name':'base'}" + (owner == null ? "" : ",'owner':'" + owner + "'") + "}}";
  }

  static String task(String owner, String workspace) {
    return "{'apiVersion':'kubicle.dev/v1alpha1','kind':'AgentTask','metadata':{'name':'fix','namespace':'team-a'},"
        + "'spec':{'workspace':'" + workspace + "','prompt':'fix it'" + (owner == null ? "" : ",'owner':'" + owner + "'")
        + "}}";
  }

  @Test
  void aMemberCreatesAWorkspaceForThemself() {
    assertThat(allowed(Reviews.create("Workspace", ws("alice")).user("alice").sendTo(rule))).isTrue();
  }

  @Test
  void aMemberMayNotCreateAWorkspaceForSomeoneElse() {
    JsonNode response = Reviews.create("Workspace", ws("bob")).user("alice").sendTo(rule);

    assertThat(allowed(response)).isFalse();
    assertThat(response.path("response").path("status").path("code").asInt()).isEqualTo(403);
    assertThat(message(response)).isEqualTo("spec.owner: \"bob\" is not you (\"alice\"): only admins and Kubicle may "
        + "create a workspace for another user; leave spec.owner out to own it yourself");
  }

  @Test
  void adminsAndKubicleMayCreateAWorkspaceForSomeoneElse() {
    assertThat(allowed(Reviews.create("Workspace", ws("bob")).user("carol", "kubicle:admins").sendTo(rule))).isTrue();
    assertThat(allowed(Reviews.create("Workspace", ws("bob")).user("root", "system:masters").sendTo(rule))).isTrue();
    assertThat(allowed(Reviews.create("Workspace", ws("bob")).user(OPERATOR).sendTo(rule))).isTrue();
  }

  @Test
  void aWorkspaceWithoutOwnerIsRefusedWhenTheMutatingWebhookDidNotRun() {
    assertThat(message(Reviews.create("Workspace", ws(null)).sendTo(rule))).isEqualTo("spec.owner: is required; the "
        + "owner webhook fills it from the requesting user, so set it, or check that the mutating webhook is installed");
  }

  @Test
  void theOwnerNeverChangesNotEvenForAnAdmin() {
    JsonNode response = Reviews.update("Workspace", ws("alice"), ws("bob")).user("root", "system:masters").sendTo(rule);

    assertThat(message(response)).isEqualTo("spec.owner: cannot change after create (it is \"alice\", the update says "
        + "\"bob\"); create a new workspace for another owner");
  }

  @Test
  void onlyTheOwnerAdminsAndKubicleChangeAWorkspace() {
    assertThat(allowed(Reviews.update("Workspace", ws("alice"), ws("alice")).user("alice").sendTo(rule))).isTrue();
    assertThat(allowed(Reviews.update("Workspace", ws("alice"), ws("alice")).user(OPERATOR).sendTo(rule))).isTrue();

    assertThat(message(Reviews.update("Workspace", ws("alice"), ws("alice")).user("mallory").sendTo(rule)))
        .isEqualTo("only the owner (\"alice\"), admins and Kubicle may change workspace \"dev\"; you are \"mallory\"");
  }

  @Test
  void onlyTheOwnerAdminsKubicleAndClusterControllersDeleteAWorkspace() {
    assertThat(allowed(Reviews.delete("Workspace", ws("alice")).user("alice").sendTo(rule))).isTrue();
    assertThat(allowed(Reviews.delete("Workspace", ws("alice"))
        .user("system:serviceaccount:kube-system:namespace-controller", "system:serviceaccounts:kube-system")
        .sendTo(rule))).isTrue();

    assertThat(message(Reviews.delete("Workspace", ws("alice")).user("mallory").sendTo(rule)))
        .isEqualTo("only the owner (\"alice\"), admins and Kubicle may delete workspace \"dev\"; you are \"mallory\"");
  }

  @Test
  void onlyAdminsAssignAnOwnerToAWorkspaceThatHasNone() {
    assertThat(allowed(Reviews.update("Workspace", ws(null), ws("bob")).user("root", "system:masters").sendTo(rule)))
        .isTrue();
    assertThat(message(Reviews.update("Workspace", ws(null), ws("mallory")).user("mallory").sendTo(rule)))
        .isEqualTo("spec.owner: workspace \"dev\" has no owner; only admins and Kubicle may assign one");
  }

  @Test
  void aTaskRunsOnlyInItsOwnersWorkspace() {
    cluster.workspace("team-a", "alices-ws", "u1", "alice");
    cluster.workspace("team-a", "bobs-ws", "u2", "bob");

    assertThat(allowed(Reviews.create("AgentTask", task("alice", "alices-ws")).sendTo(rule))).isTrue();
    assertThat(message(Reviews.create("AgentTask", task("alice", "bobs-ws")).sendTo(rule)))
        .isEqualTo("spec.workspace: Workspace \"bobs-ws\" belongs to \"bob\", not to the task's owner \"alice\"");
    assertThat(message(Reviews.create("AgentTask", task("alice", "nope")).sendTo(rule)))
        .isEqualTo("spec.workspace: Workspace \"nope\" not found in namespace \"team-a\"");
  }

  @Test
  void evenAnAdminCannotPointAUsersTaskAtAnotherUsersWorkspace() {
    cluster.workspace("team-a", "bobs-ws", "u2", "bob");

    assertThat(message(Reviews.create("AgentTask", task("alice", "bobs-ws")).user("root", "system:masters")
        .sendTo(rule))).isEqualTo("spec.workspace: Workspace \"bobs-ws\" belongs to \"bob\", not to the task's owner "
        + "\"alice\"");
  }

  @Test
  void aMemberMayNotCreateATaskForSomeoneElse() {
    assertThat(message(Reviews.create("AgentTask", task("bob", "bobs-ws")).user("alice").sendTo(rule)))
        .isEqualTo("spec.owner: \"bob\" is not you (\"alice\"): only admins and Kubicle may create a task for another "
            + "user; leave spec.owner out to own it yourself");
  }

  @Test
  void aTaskKeepsItsWorkspace() {
    assertThat(message(Reviews.update("AgentTask", task("alice", "a"), task("alice", "b")).sendTo(rule)))
        .isEqualTo("spec.workspace: cannot change after create (it is \"a\"); create a new task instead");
  }
}
