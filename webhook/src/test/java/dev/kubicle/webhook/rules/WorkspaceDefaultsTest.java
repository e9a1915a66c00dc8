package dev.kubicle.webhook.rules;

import static dev.kubicle.webhook.Reviews.allowed;
import static dev.kubicle.webhook.Reviews.patchOf;
import static dev.kubicle.webhook.rules.Fixtures.workspace;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubicle.webhook.FakeClusterView;
import dev.kubicle.webhook.Reviews;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkspaceDefaultsTest {
  private final FakeClusterView cluster = new FakeClusterView();
  private final WorkspaceDefaults rule = new WorkspaceDefaults(cluster);

  @BeforeEach
  void templateBase() {
    cluster.template("team-a", "base", Fixtures.parameters(), "v1");
  }

  @Test
  void missingValuesGetTheTemplatesDefaultsButEphemeralOnesDoNot() {
    JsonNode response = Reviews.create("Workspace", workspace("'parameters':{'project':'p','cpu':'4'}")).sendTo(rule);

    assertThat(allowed(response)).isTrue();
    assertThat(patchOf(response).toString())
        .isEqualTo("[{\"op\":\"add\",\"path\":\"/spec/parameters/region\",\"value\":\"eu\"}]");
  }

  @Test
  void aWorkspaceWithoutParametersGetsTheWholeMap() {
    JsonNode response = Reviews.create("Workspace", workspace("")).sendTo(rule);

    assertThat(patchOf(response).toString())
        .isEqualTo("[{\"op\":\"add\",\"path\":\"/spec/parameters\",\"value\":{\"cpu\":\"2\",\"region\":\"eu\"}}]");
  }

  @Test
  void nothingIsFilledInWhenTheTemplateIsUnknownOrOnUpdate() {
    assertThat(patchOf(Reviews.create("Workspace", workspace("").replace("'base'", "'nope'")).sendTo(rule))).isNull();
    assertThat(patchOf(Reviews.update("Workspace", workspace(""), workspace("")).sendTo(rule))).isNull();
  }
}
