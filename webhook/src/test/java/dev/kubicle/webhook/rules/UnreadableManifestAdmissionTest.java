package dev.kubicle.webhook.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubicle.webhook.FakeClusterView;
import dev.kubicle.webhook.Reviews;
import org.junit.jupiter.api.Test;

/** Objects whose fields have the wrong type are refused naming the field; unknown fields are ignored. */
class UnreadableManifestAdmissionTest {
  private final WorkspaceAdmission rule = new WorkspaceAdmission(new FakeClusterView());

  @Test
  void aWorkspaceWithAFieldOfTheWrongTypeIsRefusedNamingTheField() {
    String manifest = Fixtures.workspace("'running':'yes-please'");

    assertThatThrownBy(() -> Reviews.create("Workspace", manifest).sendTo(rule))
        .isInstanceOf(IllegalArgumentException.class) // the server turns it into a denial with this message
        .hasMessage("cannot read the object as a Workspace: spec.running: expected a boolean (true or false), "
            + "found a string");
  }

  @Test
  void aWorkspaceWithAMisplacedFieldIsReadWithoutIt() {
    String manifest = Fixtures.workspace("'ttl':'-5h'");

    assertThat(Manifests.read(Reviews.JSON.valueToTree(parse(manifest)), dev.kubicle.api.v1alpha1.Workspace.class)
        .getSpec().getTemplate().getName()).isEqualTo("base");
  }

  @Test
  void anUpdateThatFixesAnUnreadableWorkspaceIsNotBlockedByTheOldObject() {
    String broken = Fixtures.workspace("'parameters':5");

    assertThat(Manifests.readPrevious(Reviews.JSON.valueToTree(parse(broken)),
        dev.kubicle.api.v1alpha1.Workspace.class).getMetadata().getName()).isEqualTo("dev");
    assertThatThrownBy(() -> Manifests.read(Reviews.JSON.valueToTree(parse(broken)),
        dev.kubicle.api.v1alpha1.Workspace.class)).hasMessageContaining("spec.parameters: expected an object");
  }

  private static Object parse(String singleQuoted) {
    try {
      return Reviews.JSON.readValue(singleQuoted.replace('\'', '"'), Object.class);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
