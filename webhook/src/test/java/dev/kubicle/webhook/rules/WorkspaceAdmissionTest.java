package dev.kubicle.webhook.rules;

import static dev.kubicle.webhook.Reviews.allowed;
import static dev.kubicle.webhook.Reviews.message;
import static dev.kubicle.webhook.Reviews.warnings;
import static dev.kubicle.webhook.rules.Fixtures.workspace;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubicle.api.v1alpha1.TemplateLifecycle;
import dev.kubicle.webhook.FakeClusterView;
import dev.kubicle.webhook.Reviews;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkspaceAdmissionTest {
  private final FakeClusterView cluster = new FakeClusterView();
  private final WorkspaceAdmission rule = new WorkspaceAdmission(cluster);

  @BeforeEach
  void templateBaseWithTwoVersions() {
    cluster.template("team-a", "base", Fixtures.parameters(), "v1", "v2");
  }

  private JsonNode create(String specExtras) {
    return Reviews.create("Workspace", workspace(specExtras)).sendTo(rule);
  }

  @Test
  void aWorkspaceWithValidValuesIsAdmitted() {
    JsonNode response = create("'parameters':{'project':'kubicle','cpu':'4','region':'us'}");

    assertThat(allowed(response)).isTrue();
    assertThat(response.path("response").has("warnings")).isFalse();
  }

  @Test
  void everyBadValueIsNamedWithItsFieldAndRule() {
    JsonNode response = create("'parameters':{'project':'Kubicle','cpu':'12','region':'mars','gpu':'1'}");

    assertThat(allowed(response)).isFalse();
    assertThat(response.path("response").path("status").path("code").asInt()).isEqualTo(422);
    assertThat(message(response)).isEqualTo(
        "spec.parameters.gpu: unknown parameter \"gpu\": the template's parameters are cpu, region, project, debug; "
            + "spec.parameters.cpu: must be at most 8 (got 12); "
            + "spec.parameters.region: \"mars\" is not one of the options: allowed values are \"eu\", \"us\"; "
            + "spec.parameters.project: Kubicle is not a lower-case project name");
  }

  @Test
  void aRequiredParameterMustBeGiven() {
    assertThat(message(create(""))).isEqualTo("spec.parameters.project: is required: the template has no default for it");
  }

  @Test
  void typesAreChecked() {
    assertThat(message(create("'parameters':{'project':'p','cpu':'four','debug':'yes'}"))).isEqualTo(
        "spec.parameters.cpu: \"four\" is not a number; spec.parameters.debug: \"yes\" is not a bool: use true or false");
  }

  @Test
  void aWorkspaceOnAMissingTemplateIsRefused() {
    JsonNode response = Reviews.create("Workspace", workspace("").replace("'base'", "'nope'")).sendTo(rule);

    assertThat(message(response)).isEqualTo("spec.template.name: Template \"nope\" not found in namespace \"team-a\"; "
        + "create it first or fix the name");
  }

  @Test
  void aPinnedVersionMustExist() {
    JsonNode response = Reviews.create("Workspace", workspace("'parameters':{'project':'p'}")
        .replace("{'name':'base'}", "{'name':'base','version':'v9'}")).sendTo(rule);

    assertThat(message(response)).isEqualTo("spec.template.version: Template \"base\" has no version \"v9\"; known "
        + "versions: v1, v2");
  }

  @Test
  void aTemplateWithoutAValidVersionYetOnlyWarns() {
    cluster.template("team-a", "fresh", Fixtures.parameters());

    JsonNode response = Reviews.create("Workspace", workspace("").replace("'base'", "'fresh'")).sendTo(rule);

    assertThat(allowed(response)).isTrue();
    assertThat(warnings(response)).containsExactly("Template \"fresh\" has no valid version yet, so spec.parameters "
        + "were not checked; the operator checks them before the first build (kubectl describe tpl fresh)");
  }

  @Test
  void anImmutableParameterCannotChangeAfterTheLastBuild() {
    String before = Fixtures.built(workspace("'parameters':{'project':'p','region':'eu'}"),
        "'project':'p','region':'eu','cpu':'2'");
    JsonNode response = Reviews.update("Workspace", before, workspace("'parameters':{'project':'p','region':'us'}"))
        .sendTo(rule);

    assertThat(message(response)).isEqualTo("spec.parameters.region: is immutable: the workspace was created with "
        + "\"eu\" and it cannot change to \"us\"; set it back, or create a new workspace to use another value");
  }

  @Test
  void anImmutableParameterIsFixedFromCreateEvenBeforeTheFirstBuild() {
    JsonNode response = Reviews.update("Workspace", workspace("'parameters':{'project':'p'}"),
        workspace("'parameters':{'project':'p','region':'us'}")).sendTo(rule);

    assertThat(message(response)).isEqualTo("spec.parameters.region: is immutable: the workspace was created with "
        + "\"eu\" and it cannot change to \"us\"; set it back, or create a new workspace to use another value");
  }

  @Test
  void aMonotonicParameterOnlyGrows() {
    // The old spec's effective cpu is the default 2; only the last build's value (status: 4) makes 3 a decrease.
    String before = Fixtures.built(workspace("'parameters':{'project':'p'}"), "'project':'p','region':'eu','cpu':'4'");

    JsonNode response = Reviews.update("Workspace", before, workspace("'parameters':{'project':'p','cpu':'3'}"))
        .sendTo(rule);

    assertThat(message(response)).isEqualTo("spec.parameters.cpu: may only increase (monotonic increasing): it was 4, "
        + "got 3");
  }

  @Test
  void anUpdateThatDoesNotTouchTemplateOrValuesIsNotRecheckedSoStoppingAlwaysWorks() {
    String broken = workspace("'parameters':{'project':'BAD'}");

    JsonNode response = Reviews.update("Workspace", broken, broken.replace("'owner':'alice'",
        "'owner':'alice','running':false")).sendTo(rule);

    assertThat(allowed(response)).isTrue();
  }

  @Test
  void autostopAndAutostartAreParsed() {
    JsonNode response = create("'parameters':{'project':'p'},'autostop':{'ttl':'8 hours'},"
        + "'autostart':{'schedule':'CRON_TZ=Europe/Berlin 30 9 * * MON-SAT-'}");

    assertThat(message(response)).isEqualTo("spec.autostop.ttl: \"8 hours\" has unknown unit \" hours\": use one of h, "
        + "m, s, ms, us, ns; spec.autostart.schedule: \"CRON_TZ=Europe/Berlin 30 9 * * MON-SAT-\": day of week "
        + "\"MON-SAT-\" is not a value, range or step");
  }

  @Test
  void aGoodScheduleAndTtlPass() {
    assertThat(allowed(create("'parameters':{'project':'p'},'autostop':{'ttl':'8h'},"
        + "'autostart':{'schedule':'CRON_TZ=America/New_York 0 9 * * 1-5'}"))).isTrue();
  }

  @Test
  void theTemplateDecidesWhetherWorkspacesMaySetTheirOwnSchedule() {
    TemplateLifecycle lifecycle = new TemplateLifecycle();
    lifecycle.setAllowUserAutostart(false);
    lifecycle.setAllowUserAutostop(false);
    cluster.template("team-a", "base", Fixtures.parameters(), "v1", "v2").getSpec().setLifecycle(lifecycle);

    assertThat(message(create("'parameters':{'project':'p'},'autostop':{'ttl':'8h'},"
        + "'autostart':{'schedule':'0 9 * * 1-5'}"))).isEqualTo("spec.autostop.ttl: Template \"base\" does not let "
        + "workspaces set their own TTL (spec.lifecycle.allowUserAutostop is false); remove it; "
        + "spec.autostart.schedule: Template \"base\" does not allow autostart (spec.lifecycle.allowUserAutostart is "
        + "false); remove it");
  }

  @Test
  void aMissingSnapshotOnlyWarns() {
    cluster.forgetSnapshot("team-a", "base", "v2");

    JsonNode response = create("'parameters':{'cpu':'99'}");

    assertThat(allowed(response)).isTrue();
    assertThat(warnings(response)).singleElement().asString().startsWith("the snapshot of Template \"base\" version v2");
  }

  @Test
  void deletingWorkspacesAreNeverBlocked() {
    String deleting = workspace("'parameters':{'cpu':'99'}").replace("'namespace':'team-a'}",
        "'namespace':'team-a','deletionTimestamp':'2026-11-30T00:00:00Z'}");

    assertThat(allowed(Reviews.update("Workspace", workspace(""), deleting).sendTo(rule))).isTrue();
  }
}
