package dev.kubicle.operator.terraform;

import static dev.kubicle.operator.terraform.TerraformFixtures.NAMESPACE;
import static dev.kubicle.operator.terraform.TerraformFixtures.UID;
import static dev.kubicle.operator.terraform.TerraformFixtures.parameters;
import static dev.kubicle.operator.terraform.TerraformFixtures.resource;
import static dev.kubicle.operator.terraform.TerraformFixtures.startBuild;
import static dev.kubicle.operator.terraform.TerraformFixtures.variables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubicle.api.v1alpha1.BuildTransition;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BundleRendererTest {
  private final BundleRenderer renderer = new BundleRenderer();

  @Test
  void overrideSetsKubernetesBackendWithWorkspaceUidAsSuffix() {
    String override = renderer.renderOverride(NAMESPACE, UID);

    assertThat(override).isEqualTo(golden("kubicle_override.tf.json"));
  }

  @Test
  void startBuildRendersEveryVariableAndTypedParameters() {
    String tfvars = renderer.renderVariables(startBuild(), parameters());

    assertThat(tfvars).isEqualTo(golden("kubicle.auto.tfvars.json"));
  }

  @Test
  void stopBuildSetsStartCountZeroAndRendersMissingTokenAsEmpty() {
    TerraformVariables stop = variables(BuildTransition.STOP, 8, null, Map.of(
        "image", "golang:1.22", "regions", "[]", "cpu", "2", "dotfiles", "false", "cpu_request", "0.50"));

    String tfvars = renderer.renderVariables(stop, parameters());

    assertThat(tfvars).isEqualTo(golden("kubicle.auto.tfvars.stop.json"));
  }

  @Test
  void deleteBuildAlsoHasStartCountZero() throws Exception {
    TerraformVariables delete = variables(BuildTransition.DELETE, 9, "t", startBuild().parameters());

    JsonNode tfvars = TerraformJson.MAPPER.readTree(renderer.renderVariables(delete, parameters()));

    assertThat(tfvars.get("kubicle_transition").asText()).isEqualTo("delete");
    assertThat(tfvars.get("kubicle_start_count").isInt()).isTrue();
    assertThat(tfvars.get("kubicle_start_count").asInt()).isZero();
  }

  @Test
  void renderReturnsBothFilesUnderTheirNames() {
    RenderedBundle bundle = renderer.render(startBuild(), parameters());

    assertThat(bundle.files()).containsOnlyKeys("kubicle_override.tf.json", "kubicle.auto.tfvars.json");
    assertThat(bundle.files().get("kubicle.auto.tfvars.json")).isEqualTo(golden("kubicle.auto.tfvars.json"));
    assertThat(bundle.toString()).doesNotContain("kat_0123456789abcdef");
  }

  @Test
  void secondBuildOfSameTemplateVersionReusesTheTypeTable() {
    renderer.renderVariables(startBuild(), parameters());
    renderer.renderVariables(variables(BuildTransition.STOP, 8, null, startBuild().parameters()), parameters());

    assertThat(renderer.typeTableComputations()).isEqualTo(1);
  }

  @Test
  void newTemplateVersionComputesItsOwnTypeTable() {
    renderer.renderVariables(startBuild(), parameters());
    renderer.renderVariables(
        variables("go-dev", "9e8d7c6b5a4f", BuildTransition.START, 8, "t", startBuild().parameters()), parameters());

    assertThat(renderer.typeTableComputations()).isEqualTo(2);
  }

  @Test
  void numbersKeepIntegerOrDecimalFormAsGiven() {
    Map<String, String> values = new HashMap<>(startBuild().parameters());

    assertThat(renderNumber(values, "4")).isEqualTo("4");
    assertThat(renderNumber(values, " -3 ")).isEqualTo("-3");
    assertThat(renderNumber(values, "2.5")).isEqualTo("2.5");
    assertThat(renderNumber(values, "1.50")).isEqualTo("1.50");
    assertThat(renderNumber(values, "1e3")).isEqualTo("1000");
    assertThat(renderNumber(values, "12345678901234567890")).isEqualTo("12345678901234567890");
  }

  @Test
  void numberThatIsNotANumberNamesTheParameter() {
    assertThatThrownBy(() -> renderWith("cpu", "two"))
        .isInstanceOf(TerraformRenderException.class)
        .hasMessage("parameter cpu (number) has value \"two\": it is not a number");
    assertThatThrownBy(() -> renderWith("cpu", "1e999999999"))
        .hasMessageContaining("out of range");
  }

  @Test
  void boolAcceptsOnlyTrueOrFalse() {
    assertThatThrownBy(() -> renderWith("dotfiles", "yes"))
        .isInstanceOf(TerraformRenderException.class)
        .hasMessage("parameter dotfiles (bool) has value \"yes\": it must be true or false");
  }

  @Test
  void listMustBeAJsonArrayOfStrings() {
    assertThatThrownBy(() -> renderWith("regions", "eu-west-1"))
        .hasMessage("parameter regions (list(string)) has value \"eu-west-1\": it is not a JSON array");
    assertThatThrownBy(() -> renderWith("regions", "[\"a\", 1]"))
        .hasMessageContaining("every item must be a string");
    assertThatThrownBy(() -> renderWith("regions", "[\"a\"] trailing"))
        .hasMessageContaining("it is not a JSON array");
  }

  @Test
  void missingValueIsAnErrorNotASilentDefault() {
    Map<String, String> values = new HashMap<>(startBuild().parameters());
    values.remove("image");

    assertThatThrownBy(() -> renderer.renderVariables(
        variables(BuildTransition.START, 7, "t", values), parameters()))
        .isInstanceOf(TerraformRenderException.class)
        .hasMessage("parameter image has no value (and no default was applied)");
  }

  @Test
  void valuesTheTemplateNoLongerDeclaresAreLeftOut() throws Exception {
    Map<String, String> values = new HashMap<>(startBuild().parameters());
    values.put("removed_in_v2", "x");

    JsonNode tfvars = TerraformJson.MAPPER.readTree(renderer.renderVariables(
        variables(BuildTransition.START, 7, "t", values), parameters()));

    assertThat(tfvars.has("kubicle_param_removed_in_v2")).isFalse();
  }

  @Test
  void stringValuesAreEscapedNotInterpreted() throws Exception {
    String tricky = "a\"b\\c\n${var.x} %{if true}";

    JsonNode tfvars = TerraformJson.MAPPER.readTree(renderWith("image", tricky));

    assertThat(tfvars.get("kubicle_param_image").asText()).isEqualTo(tricky);
  }

  @Test
  void variablesToStringRedactsTheAgentToken() {
    assertThat(startBuild().toString()).doesNotContain("kat_0123456789abcdef").contains("<redacted>");
  }

  @Test
  void stateSecretNameFollowsTheBackendNaming() {
    assertThat(BundleRenderer.stateSecretName(UID)).isEqualTo("tfstate-default-" + UID);
    assertThatThrownBy(() -> renderer.renderOverride(NAMESPACE, "Not_A_Name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tfstate-default-Not_A_Name");
  }

  private String renderWith(String name, String value) {
    Map<String, String> values = new HashMap<>(startBuild().parameters());
    values.put(name, value);
    return renderer.renderVariables(variables(BuildTransition.START, 7, "t", values), parameters());
  }

  // Reads the raw line, not a re-parsed value: the point is the exact digits written to the file.
  private String renderNumber(Map<String, String> values, String number) {
    String prefix = "  \"kubicle_param_cpu\": ";
    return renderWith("cpu", number).lines()
        .filter(line -> line.startsWith(prefix))
        .map(line -> line.substring(prefix.length()).replaceAll(",$", ""))
        .findFirst().orElseThrow();
  }

  private static String golden(String name) {
    return new String(resource("golden/" + name), StandardCharsets.UTF_8);
  }
}
