package dev.kubicle.operator.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The subset of Kubernetes JSONPath that printer columns use: {@code .a.b}, {@code ['a.b']}, {@code [N]},
 * {@code [*]} and filters {@code [?(@.field=="value")]} (also {@code !=}, and numbers or booleans as values).
 *
 * <p>Neither fabric8 nor the operator's dependencies offer a JSONPath evaluator, and the CRDs here need only this
 * much. An expression outside the subset is rejected when compiled, so a new column that needs more fails loudly
 * in {@code JsonPathExpressionTest} rather than printing an empty cell.
 */
final class JsonPathExpression {

  /** One step of a path; applied to every node matched so far. */
  private sealed interface Step permits Field, Index, Wildcard, Filter {
  }

  private record Field(String name) implements Step {
  }

  private record Index(int index) implements Step {
  }

  private record Wildcard() implements Step {
  }

  /** {@code [?(@.a.b == value)]}: keeps the array elements whose field equals (or not) the literal. */
  private record Filter(List<String> field, boolean equal, JsonNode value) implements Step {
  }

  private final String text;
  private final List<Step> steps;

  private JsonPathExpression(String text, List<Step> steps) {
    this.text = text;
    this.steps = steps;
  }

  /** Parses an expression such as {@code .status.conditions[?(@.type=="Ready")].status}; braces are optional. */
  static JsonPathExpression compile(String expression) {
    String body = expression.trim();
    if (body.startsWith("{") && body.endsWith("}")) {
      body = body.substring(1, body.length() - 1).trim();
    }
    if (body.startsWith("$")) {
      body = body.substring(1);
    }
    return new JsonPathExpression(expression, new Parser(expression, body).steps());
  }

  /** Every node the path reaches, in document order; empty when nothing matches. */
  List<JsonNode> findAll(JsonNode root) {
    List<JsonNode> current = List.of(root);
    for (Step step : steps) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode node : current) {
        apply(step, node, next);
      }
      current = next;
    }
    return current;
  }

  /** The first match, or null: a printer column shows only the first result, as the API server does. */
  JsonNode first(JsonNode root) {
    List<JsonNode> all = findAll(root);
    return all.isEmpty() ? null : all.get(0);
  }

  @Override
  public String toString() {
    return text;
  }

  private static void apply(Step step, JsonNode node, List<JsonNode> out) {
    if (step instanceof Field field) {
      JsonNode child = node.isObject() ? node.get(field.name()) : null;
      if (child != null) {
        out.add(child);
      }
    } else if (step instanceof Index index) {
      if (node.isArray()) {
        int i = index.index() < 0 ? node.size() + index.index() : index.index();
        if (i >= 0 && i < node.size()) {
          out.add(node.get(i));
        }
      }
    } else if (step instanceof Wildcard) {
      if (node.isArray() || node.isObject()) {
        node.elements().forEachRemaining(out::add);
      }
    } else if (step instanceof Filter filter && node.isArray()) {
      for (JsonNode element : node) {
        JsonNode actual = element;
        for (String name : filter.field()) {
          actual = actual == null || !actual.isObject() ? null : actual.get(name);
        }
        if (actual != null && sameValue(actual, filter.value()) == filter.equal()) {
          out.add(element);
        }
      }
    }
  }

  private static boolean sameValue(JsonNode actual, JsonNode expected) {
    if (actual.isNumber() && expected.isNumber()) {
      return actual.decimalValue().compareTo(expected.decimalValue()) == 0;
    }
    return Objects.equals(actual, expected);
  }

  /** A hand-written recursive descent over the tiny grammar; positions in errors count from the expression start. */
  private static final class Parser {
    private final String expression;
    private final String s;
    private int pos;

    Parser(String expression, String body) {
      this.expression = expression;
      this.s = body;
    }

    List<Step> steps() {
      List<Step> steps = new ArrayList<>();
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == '.') {
          pos++;
          if (pos < s.length() && s.charAt(pos) == '*') {
            pos++;
            steps.add(new Wildcard());
          } else {
            steps.add(new Field(identifier()));
          }
        } else if (c == '[') {
          steps.add(bracket());
        } else {
          throw error("expected '.' or '['");
        }
      }
      return List.copyOf(steps);
    }

    private Step bracket() {
      pos++; // '['
      skipSpaces();
      Step step;
      if (peek('*')) {
        pos++;
        step = new Wildcard();
      } else if (peek('\'') || peek('"')) {
        step = new Field(quoted());
      } else if (peek('?')) {
        step = filter();
      } else {
        int start = pos;
        if (peek('-')) {
          pos++;
        }
        while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
          pos++;
        }
        if (start == pos) {
          throw error("expected an index, a quoted name, '*' or a filter");
        }
        step = new Index(Integer.parseInt(s.substring(start, pos)));
      }
      skipSpaces();
      expect(']');
      return step;
    }

    private Step filter() {
      pos++; // '?'
      expect('(');
      skipSpaces();
      expect('@');
      List<String> field = new ArrayList<>();
      while (peek('.')) {
        pos++;
        field.add(identifier());
      }
      if (field.isEmpty()) {
        throw error("a filter needs a field, as in [?(@.type==\"Ready\")]");
      }
      skipSpaces();
      boolean equal;
      if (s.startsWith("==", pos)) {
        equal = true;
      } else if (s.startsWith("!=", pos)) {
        equal = false;
      } else {
        throw error("a filter compares with == or !=");
      }
      pos += 2;
      skipSpaces();
      JsonNode value = literal();
      skipSpaces();
      expect(')');
      return new Filter(List.copyOf(field), equal, value);
    }

    private JsonNode literal() {
      JsonNodeFactory nodes = JsonNodeFactory.instance;
      if (peek('\'') || peek('"')) {
        return nodes.textNode(quoted());
      }
      int start = pos;
      while (pos < s.length() && ")] ".indexOf(s.charAt(pos)) < 0) {
        pos++;
      }
      String word = s.substring(start, pos);
      if (word.equals("true") || word.equals("false")) {
        return nodes.booleanNode(Boolean.parseBoolean(word));
      }
      try {
        return nodes.numberNode(new BigDecimal(word));
      } catch (NumberFormatException e) {
        throw error("expected a quoted string, a number or a boolean");
      }
    }

    private String identifier() {
      int start = pos;
      while (pos < s.length() && ".[]()= !'\"".indexOf(s.charAt(pos)) < 0) {
        pos++;
      }
      if (start == pos) {
        throw error("expected a field name");
      }
      return s.substring(start, pos);
    }

    private String quoted() {
      char quote = s.charAt(pos++);
      int end = s.indexOf(quote, pos);
      if (end < 0) {
        throw error("unterminated string");
      }
      String value = s.substring(pos, end);
      pos = end + 1;
      return value;
    }

    private boolean peek(char c) {
      return pos < s.length() && s.charAt(pos) == c;
    }

    private void expect(char c) {
      if (!peek(c)) {
        throw error("expected '" + c + "'");
      }
      pos++;
    }

    private void skipSpaces() {
      while (peek(' ')) {
        pos++;
      }
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException("unsupported JSONPath " + expression + " at " + pos + " of '" + s + "': "
          + what);
    }
  }
}
