package dev.kubicle.webhook.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.api.v1alpha1.Monotonic;
import dev.kubicle.api.v1alpha1.ParameterOption;
import dev.kubicle.api.v1alpha1.ParameterType;
import dev.kubicle.api.v1alpha1.ParameterValidation;
import dev.kubicle.api.v1alpha1.TemplateParameter;
import dev.kubicle.api.validation.ParameterValidator;
import dev.kubicle.api.validation.ValidationResult;
import dev.kubicle.webhook.FakeClusterView;
import dev.kubicle.webhook.Reviews;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The webhook judges random parameter values exactly as the operator does (ParameterValidator, same arguments). */
class ParameterVerdictPropertiesTest {
  private static final List<String> VALUES = List.of("0", "1", "2", "7.5", "-3", "100", "abc", "Abc", "a-b", "",
      "true", "false", "[]", "[\"a\"]", "[\"a\",\"z\"]", "[1]", "eu", "us");

  @Property(tries = 300)
  void createIsJudgedLikeTheOperatorJudgesAFirstBuild(@ForAll("parameters") List<TemplateParameter> params,
      @ForAll("values") Map<String, String> values) {
    FakeClusterView cluster = new FakeClusterView();
    cluster.template("team-a", "base", params, "v1");

    JsonNode response = Reviews.create("Workspace", workspace(values, null, false)).sendTo(new WorkspaceAdmission(cluster));

    assertSameVerdict(response, ParameterValidator.validate(params, values, null));
  }

  @Property(tries = 300)
  void updateIsJudgedLikeTheOperatorJudgesARebuild(@ForAll("parameters") List<TemplateParameter> params,
      @ForAll("values") Map<String, String> values, @ForAll("values") Map<String, String> lastBuild) {
    FakeClusterView cluster = new FakeClusterView();
    cluster.template("team-a", "base", params, "v1");

    // Pinning the version in the update makes the template reference change, so the values are always re-checked.
    JsonNode response = Reviews.update("Workspace", workspace(Map.of(), lastBuild, false),
        workspace(values, null, true)).sendTo(new WorkspaceAdmission(cluster));

    assertSameVerdict(response, ParameterValidator.validate(params, values, lastBuild));
  }

  private static void assertSameVerdict(JsonNode response, ValidationResult expected) {
    assertThat(Reviews.allowed(response)).as(response.toString()).isEqualTo(expected.isValid());
    if (!expected.isValid()) {
      assertThat(Reviews.message(response)).isEqualTo(expected.summary());
    }
  }

  private static String workspace(Map<String, String> values, Map<String, String> lastBuild, boolean pinned) {
    ObjectNode ws = Reviews.JSON.createObjectNode();
    ws.put("apiVersion", "kubicle.dev/v1alpha1").put("kind", "Workspace");
    ws.putObject("metadata").put("name", "dev").put("namespace", "team-a");
    ObjectNode spec = ws.putObject("spec");
    ObjectNode template = spec.putObject("template").put("name", "base");
    if (pinned) {
      template.put("version", "v1");
    }
    spec.put("owner", "alice");
    spec.set("parameters", Reviews.JSON.valueToTree(values));
    if (lastBuild != null) {
      ws.putObject("status").put("templateVersion", "v1").set("parameters", Reviews.JSON.valueToTree(lastBuild));
    }
    return ws.toString().replace('"', '\'').replace("\\'", "\\\"");
  }

  @Provide
  Arbitrary<Map<String, String>> values() {
    return Arbitraries.maps(Arbitraries.of("p0", "p1", "p2", "p3", "other"), Arbitraries.of(VALUES)).ofMaxSize(5)
        .map(LinkedHashMap::new);
  }

  @Provide
  Arbitrary<List<TemplateParameter>> parameters() {
    return parameter().list().ofMinSize(1).ofMaxSize(4).map(list -> {
      List<TemplateParameter> named = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        list.get(i).setName("p" + i);
        named.add(list.get(i));
      }
      return named;
    });
  }

  private Arbitrary<TemplateParameter> parameter() {
    return Combinators.combine(Arbitraries.of(ParameterType.values()), Arbitraries.of(VALUES).injectNull(0.3),
        Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.integers().between(0, 4))
        .as((type, defaultValue, mutable, ephemeral, rule) -> {
          TemplateParameter p = Fixtures.parameter("x", type, defaultValue, mutable || ephemeral);
          p.setEphemeral(ephemeral && defaultValue != null);
          ParameterValidation v = new ParameterValidation();
          switch (rule) {
            case 1 -> p.setOptions(List.of(option("eu"), option("us"), option("1"), option("a")));
            case 2 -> {
              v.setMin(0L);
              v.setMax(10L);
              v.setMonotonic(Monotonic.INCREASING);
              p.setValidation(v);
            }
            case 3 -> {
              v.setRegex("^[a-z-]+$");
              v.setError("{value} must be lower case");
              p.setValidation(v);
            }
            case 4 -> {
              v.setMonotonic(Monotonic.DECREASING);
              p.setValidation(v);
            }
            default -> { }
          }
          return p;
        });
  }

  private static ParameterOption option(String value) {
    return Fixtures.option(value);
  }
}
