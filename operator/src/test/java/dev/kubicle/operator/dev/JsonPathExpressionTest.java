package dev.kubicle.operator.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

class JsonPathExpressionTest {

  private static final JsonNode WORKSPACE = Serialization.unmarshal("""
      {"metadata": {"name": "a", "labels": {"app.kubernetes.io/name": "x"}},
       "spec": {"template": {"name": "hello"}, "running": false},
       "status": {"phase": "Running", "currentBuild": {"number": 3},
                  "conditions": [{"type": "Valid", "status": "False"}, {"type": "Ready", "status": "True"},
                                 {"type": "Ready", "status": "Unknown"}]}}
      """, JsonNode.class);

  @Test
  void dottedPathsReachNestedFields() {
    assertThat(value(".status.phase")).isEqualTo("Running");
    assertThat(value(".spec.template.name")).isEqualTo("hello");
    assertThat(JsonPathExpression.compile(".status.currentBuild.number").first(WORKSPACE).asInt()).isEqualTo(3);
    assertThat(JsonPathExpression.compile(".spec.running").first(WORKSPACE).asBoolean()).isFalse();
  }

  @Test
  void aMissingFieldMatchesNothing() {
    assertThat(JsonPathExpression.compile(".status.message").first(WORKSPACE)).isNull();
    assertThat(JsonPathExpression.compile(".spec.template.name.deeper").findAll(WORKSPACE)).isEmpty();
  }

  @Test
  void filtersSelectArrayElementsByAFieldAndTheFirstMatchWins() {
    assertThat(value(".status.conditions[?(@.type==\"Valid\")].status")).isEqualTo("False");
    assertThat(value(".status.conditions[?(@.type == 'Ready')].status")).isEqualTo("True");
    assertThat(JsonPathExpression.compile(".status.conditions[?(@.type!=\"Valid\")].status").findAll(WORKSPACE))
        .extracting(JsonNode::asText).containsExactly("True", "Unknown");
    assertThat(JsonPathExpression.compile(".status.conditions[?(@.type==\"Nope\")].status").first(WORKSPACE))
        .isNull();
  }

  @Test
  void indexesWildcardsAndQuotedNamesWork() {
    assertThat(value(".status.conditions[1].type")).isEqualTo("Ready");
    assertThat(value(".status.conditions[-1].status")).isEqualTo("Unknown");
    assertThat(JsonPathExpression.compile(".status.conditions[*].type").findAll(WORKSPACE)).hasSize(3);
    assertThat(value(".metadata.labels['app.kubernetes.io/name']")).isEqualTo("x");
    assertThat(value("{.status.phase}")).isEqualTo("Running");
    assertThat(value("$.status.phase")).isEqualTo("Running");
  }

  @Test
  void syntaxOutsideTheSubsetIsRejectedWhenCompiled() {
    assertThatThrownBy(() -> JsonPathExpression.compile(".items[0:2]"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(".items[0:2]");
    assertThatThrownBy(() -> JsonPathExpression.compile(".a[?(@.b > 1)]"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JsonPathExpression.compile("status.phase"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String value(String path) {
    JsonNode node = JsonPathExpression.compile(path).first(WORKSPACE);
    return node == null ? null : node.asText();
  }
}
