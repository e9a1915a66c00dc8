package dev.kubicle.webhook.rules;

import static dev.kubicle.webhook.Reviews.allowed;
import static dev.kubicle.webhook.Reviews.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubicle.webhook.Reviews;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, hole 4: {@code workspaces/status} was not covered by the webhook, and it carried the agent credential.
 * Status is the operator's alone now; before this rule, every status update below was admitted.
 */
class StatusGuardTest {
  private final StatusGuard rule = new StatusGuard(OwnershipTest.IDS);

  static String withStatus(String kind, String agentHash) {
    return "{'apiVersion':'kubicle.dev/v1alpha1','kind':'" + kind + "','metadata':{'name':'dev','namespace':'team-a'},"
        + "'spec':{},'status':{'agent':{'tokenHash':'" + agentHash + "'}}}";
  }

  static Reviews statusUpdate(String kind, String user, String... groups) {
    return Reviews.update(kind, withStatus(kind, "aaaa"), withStatus(kind, "bbbb")).subResource("status")
        .user(user, groups);
  }

  @ParameterizedTest(name = "{0}/status by {1} ({2}): allowed={3}")
  @CsvSource({
      "Workspace, alice, , false",
      "Workspace, carol, kubicle:admins, false",
      "Workspace, root, system:masters, false",
      "Workspace, system:serviceaccount:kube-system:generic-garbage-collector, system:serviceaccounts:kube-system, false",
      "Workspace, system:serviceaccount:kubicle-system:kubicle, , true",
      "AgentTask, alice, , false",
      "AgentTask, system:serviceaccount:kubicle-system:kubicle, , true",
      "Template, alice, , false",
      "Template, system:serviceaccount:kubicle-system:kubicle, , true",
  })
  void onlyKubicleWritesStatus(String kind, String user, String group, boolean allowed) {
    Reviews review = group == null ? statusUpdate(kind, user) : statusUpdate(kind, user, group);

    assertThat(allowed(review.sendTo(rule))).isEqualTo(allowed);
  }

  @Test
  void aMemberWhoRewritesTheVictimsStatusIsToldWhyAndWhatToDoInstead() {
    JsonNode response = statusUpdate("Workspace", "mallory").sendTo(rule);

    assertThat(response.path("response").path("status").path("code").asInt()).isEqualTo(403);
    assertThat(message(response)).isEqualTo("workspaces/status of team-a/dev: only the Kubicle operator writes "
        + "status (it records what the operator observed); \"mallory\" may not. Change the spec instead, and the "
        + "operator updates the status.");
  }

  @Test
  void theMainResourceAndOtherSubresourcesAreNotThisRulesBusiness() {
    String ws = withStatus("Workspace", "aaaa");
    assertThat(allowed(Reviews.update("Workspace", ws, ws).user("alice").sendTo(rule))).isTrue();
    assertThat(allowed(Reviews.update("Workspace", ws, ws).subResource("scale").user("alice").sendTo(rule))).isTrue();
  }
}
