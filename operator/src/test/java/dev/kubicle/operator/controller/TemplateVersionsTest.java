package dev.kubicle.operator.controller;

import static dev.kubicle.operator.support.OperatorHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubicle.api.v1alpha1.ParameterOption;
import dev.kubicle.api.v1alpha1.ParameterValidation;
import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateParameter;
import dev.kubicle.api.v1alpha1.TemplateRef;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.operator.kube.Conditions;
import dev.kubicle.operator.support.OperatorHarness;
import dev.kubicle.operator.template.SnapshotCodec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Template validation and immutable versions, with the real operator against the mock API. */
class TemplateVersionsTest {
  private static final String ECHO = "{\"start\": {\"outputs\": {\"url\": \"https://ws.example\"}}}";
  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness = OperatorHarness.start();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void invalidTemplateReportsEveryProblemByNameInTheValidCondition() {
    Template t = OperatorHarness.terraformTemplate("broken");
    t.getSpec().setFiles(Map.of("README.md", "no terraform here"));
    TemplateParameter size = new TemplateParameter();
    size.setName("size");
    size.setDefaultValue("huge");
    size.setOptions(List.of(new ParameterOption("Small", "small")));
    TemplateParameter again = new TemplateParameter();
    again.setName("size");
    again.setDefaultValue("small");
    TemplateParameter pattern = new TemplateParameter();
    pattern.setName("repo");
    ParameterValidation bad = new ParameterValidation();
    bad.setRegex("([a-z");
    bad.setError("must be a repository");
    pattern.setValidation(bad);
    t.getSpec().setParameters(List.of(size, again, pattern));
    harness.createTemplate(t);

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Template seen = harness.template("broken");
      var valid = Conditions.find(seen.getStatus().getConditions(), "Valid").orElseThrow(AssertionError::new);
      assertThat(valid.getStatus()).isEqualTo("False");
      assertThat(valid.getMessage())
          .contains("spec.parameters[0].defaultValue")
          .contains("spec.parameters[1].name")
          .contains("spec.parameters[2].validation.regex")
          .contains(".tf");
    });
    assertThat(harness.template("broken").getStatus().getVersions()).isEmpty();
  }

  @Test
  void eachContentChangeIsANewImmutableVersionAndPinnedWorkspacesKeepTheirs() {
    harness.createTemplate(OperatorHarness.echoTemplate("web", ECHO));
    String first = awaitLatestVersion("web", null);
    ConfigMap snapshot = harness.client().configMaps().inNamespace(NS).withName("web-v-" + first).get();
    assertThat(snapshot.getImmutable()).isTrue();
    assertThat(SnapshotCodec.decode(snapshot).files()).containsKeys("main.tf", "echo.json");

    Template t = harness.template("web");
    t.getSpec().getFiles().put("main.tf", "# version two\n");
    harness.client().resource(t).update();
    String second = awaitLatestVersion("web", first);
    assertThat(harness.template("web").getStatus().getVersions()).extracting(v -> v.getVersion())
        .containsExactly(first, second);

    Workspace pinned = OperatorHarness.workspace("pinned", "web", Map.of());
    pinned.getSpec().setTemplate(new TemplateRef("web", first));
    harness.createWorkspace(pinned);
    harness.createWorkspace(OperatorHarness.workspace("floating", "web", Map.of()));

    assertThat(harness.awaitPhase("pinned", WorkspacePhase.Running).getStatus().getTemplateVersion())
        .isEqualTo(first);
    assertThat(harness.awaitPhase("floating", WorkspacePhase.Running).getStatus().getTemplateVersion())
        .isEqualTo(second);
    assertThat(harness.workspace("pinned").getStatus().getOutdated()).isTrue();
    assertThat(harness.workspace("floating").getStatus().getOutdated()).isFalse();
  }

  @Test
  void unknownPinnedVersionIsNamedWithTheVersionsThatExist() {
    harness.createTemplate(OperatorHarness.echoTemplate("web", ECHO));
    String version = awaitLatestVersion("web", null);
    Workspace ws = OperatorHarness.workspace("lost", "web", Map.of());
    ws.getSpec().setTemplate(new TemplateRef("web", "0000deadbeef"));
    harness.createWorkspace(ws);

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      var resolved = Conditions.find(harness.workspace("lost").getStatus().getConditions(), "TemplateResolved")
          .orElseThrow(AssertionError::new);
      assertThat(resolved.getReason()).isEqualTo("TemplateVersionNotFound");
      assertThat(resolved.getMessage()).contains("0000deadbeef").contains(version);
    });
  }

  private String awaitLatestVersion(String template, String notThis) {
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      Template t = harness.template(template);
      return t.getStatus() != null && t.getStatus().getLatestVersion() != null
          && !t.getStatus().getLatestVersion().equals(notThis);
    });
    return harness.template(template).getStatus().getLatestVersion();
  }
}
