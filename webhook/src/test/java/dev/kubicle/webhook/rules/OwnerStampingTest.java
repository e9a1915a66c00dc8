package dev.kubicle.webhook.rules;

import static dev.kubicle.webhook.Reviews.allowed;
import static dev.kubicle.webhook.Reviews.patchOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubicle.webhook.Reviews;
import org.junit.jupiter.api.Test;

class OwnerStampingTest {
  private final OwnerStamping rule = new OwnerStamping();

  @Test
  void aWorkspaceWithoutOwnerIsStampedWithTheRequestingUser() {
    JsonNode response = Reviews.create("Workspace", OwnershipTest.ws(null)).user("alice").sendTo(rule);

    assertThat(allowed(response)).isTrue();
    assertThat(response.path("response").path("patchType").asText()).isEqualTo("JSONPatch");
    assertThat(patchOf(response).toString()).isEqualTo("[{\"op\":\"add\",\"path\":\"/spec/owner\",\"value\":\"alice\"}]");
  }

  @Test
  void aTaskWithoutSpecOwnerIsStampedToo() {
    JsonNode response = Reviews.create("AgentTask", OwnershipTest.task(null, "dev")).user("bob").sendTo(rule);

    assertThat(patchOf(response).toString()).isEqualTo("[{\"op\":\"add\",\"path\":\"/spec/owner\",\"value\":\"bob\"}]");
  }

  @Test
  void aGivenOwnerIsLeftForTheValidatingWebhookToJudge() {
    JsonNode response = Reviews.create("Workspace", OwnershipTest.ws("bob")).user("alice").sendTo(rule);

    assertThat(allowed(response)).isTrue();
    assertThat(patchOf(response)).isNull();
  }

  @Test
  void anUpdateThatLeavesTheOwnerOutKeepsTheOldOne() {
    JsonNode response = Reviews.update("Workspace", OwnershipTest.ws("alice"), OwnershipTest.ws(null))
        .user("argocd").sendTo(rule);

    assertThat(patchOf(response).toString()).isEqualTo("[{\"op\":\"add\",\"path\":\"/spec/owner\",\"value\":\"alice\"}]");
  }
}
