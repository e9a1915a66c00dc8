package dev.kubicle.operator.robustness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Makes mutated Workspace, Template and AgentTask manifests from valid ones, driven by one seeded {@link Random} so
 * a failing run can be replayed: wrong types, unknown and missing fields, huge strings, deep nesting, odd Unicode,
 * out-of-range numbers and references to things that do not exist.
 */
final class ManifestMutator {
  enum Kind {
    WORKSPACE("workspaces", "Workspace"), TEMPLATE("templates", "Template"), AGENT_TASK("agenttasks", "AgentTask");

    final String plural;
    final String kind;

    Kind(String plural, String kind) {
      this.plural = plural;
      this.kind = kind;
    }
  }

  /** One generated manifest and what was done to it (printed when a run fails). */
  record Mutated(Kind kind, String name, ObjectNode manifest, List<String> mutations) {}

  /** Objects per kind: names repeat, so later manifests replace earlier ones (updates) and memory stays bounded. */
  static final int NAMES_PER_KIND = 60;
  /** Strings of about a megabyte, at most this many per run. */
  static final int HUGE_BUDGET = 5;
  static final int MAX_DEPTH = 900; // below the mock API's own JSON nesting limit (1000)
  private static final String[] ODD = {
      "\uD800", "\uDFFF", "a\uD83D", "\u202Eevil\u202C", "\u0000", "nul\u0000byte", "\uD83D\uDE00\uD83D\uDCA9",
      "\u200B\u200D\uFEFF", "\u0645\u0631\u062D\u0628\u0627", "\uFFFF\uFFFE", "e\u0301\u0301\u0301", "\t\r\n",
      "${jndi:ldap://x}", "'; DROP TABLE x; --", "<script>alert(1)</script>", "../../etc/passwd", "%00%2F"};
  private static final String[] ANNOTATIONS = {"kubicle.dev/orphan-on-delete", "kubicle.dev/initiator",
      "kubicle.dev/restart", "kubicle.dev/lifecycle-action", "kubicle.dev/build-reason", "kubicle.dev/stopped-by"};

  private final Random random;
  private final String namespace;
  private int hugeLeft = HUGE_BUDGET;
  private final JsonNodeFactory nodes = JsonNodeFactory.instance;

  ManifestMutator(long seed, String namespace) {
    this.random = new Random(seed);
    this.namespace = namespace;
  }

  Mutated next() {
    Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
    String name = "fuzz-" + kind.plural.substring(0, 2) + "-" + random.nextInt(NAMES_PER_KIND);
    ObjectNode manifest = base(kind, name);
    List<String> done = new ArrayList<>();
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      done.add(mutate(manifest));
    }
    return new Mutated(kind, name, manifest, done);
  }

  boolean nextBoolean() {
    return random.nextBoolean();
  }

  private ObjectNode base(Kind kind, String name) {
    ObjectNode root = nodes.objectNode();
    root.put("apiVersion", "kubicle.dev/v1alpha1").put("kind", kind.kind);
    root.putObject("metadata").put("name", name).put("namespace", namespace);
    ObjectNode spec = root.putObject("spec");
    switch (kind) {
      case WORKSPACE -> {
        spec.putObject("template").put("name", random.nextInt(4) == 0 ? templateName() : "echo");
        spec.put("owner", "alice");
        spec.putObject("parameters").put("size", "s");
        spec.put("running", random.nextInt(5) != 0);
        spec.putObject("autostop").put("ttl", "1h");
        spec.putObject("autostart").put("schedule", "0 9 * * 1-5");
      }
      case TEMPLATE -> {
        spec.put("provisioner", "echo");
        spec.putObject("files").put("main.tf", "# fuzz\n")
            .put("echo.json", "{\"start\": {\"delay\": \"10ms\", \"outputs\": {\"url\": \"https://fuzz\"}}}");
        ObjectNode parameter = spec.putArray("parameters").addObject();
        parameter.put("name", "size").put("type", "string").put("defaultValue", "s").put("mutable", true);
        spec.putObject("lifecycle").put("defaultTtl", "8h").put("agentConnectionTimeout", "5m");
      }
      case AGENT_TASK -> {
        spec.put("workspace", "fuzz-wo-" + random.nextInt(NAMES_PER_KIND));
        spec.put("owner", "alice");
        spec.put("prompt", "Fix the build");
        spec.putObject("limits").put("maxTurns", 3).put("timeout", "1m");
        spec.putArray("allowedTools").add("execute").add("read_file");
      }
    }
    return root;
  }

  private String templateName() {
    return "fuzz-te-" + random.nextInt(NAMES_PER_KIND);
  }

  private String mutate(ObjectNode root) {
    List<Location> places = new ArrayList<>();
    collect(root.path("spec"), "spec", places, 0);
    places.add(new Location((ObjectNode) root, "spec", "spec"));
    Location at = places.get(random.nextInt(places.size()));
    int kind = random.nextInt(100);
    if (kind < 22) {
      JsonNode value = otherType(at.get());
      at.set(value);
      return "wrong type at " + at.path + " (" + value.getNodeType() + ")";
    }
    if (kind < 37) {
      ObjectNode target = objectIn(root);
      String key = random.nextInt(4) == 0 ? odd() : "extra" + random.nextInt(1000);
      target.set(key, anyValue(2));
      return "unknown field";
    }
    if (kind < 49) {
      at.remove();
      return "missing " + at.path;
    }
    if (kind < 57) {
      at.set(nodes.textNode(huge()));
      return "huge string at " + at.path;
    }
    if (kind < 64) {
      int depth = 10 + random.nextInt(MAX_DEPTH - 10);
      at.set(deep(depth));
      return "nesting " + depth + " at " + at.path;
    }
    if (kind < 76) {
      if (random.nextBoolean() && root.path("spec").path("parameters") instanceof ObjectNode parameters) {
        parameters.put(odd(), odd());
        return "odd parameter key";
      }
      at.set(nodes.textNode(odd()));
      return "odd unicode at " + at.path;
    }
    if (kind < 86) {
      String bad = switch (random.nextInt(6)) {
        case 0 -> "";
        case 1 -> "does-not-exist-" + random.nextInt(100);
        case 2 -> "UPPER_case";
        case 3 -> "a/b/../c";
        case 4 -> "x".repeat(300);
        default -> odd();
      };
      JsonNode spec = root.path("spec");
      if (spec.has("template") && spec.get("template") instanceof ObjectNode template) {
        template.put(random.nextBoolean() ? "name" : "version", bad);
      } else if (spec instanceof ObjectNode s && s.has("workspace")) {
        s.put("workspace", bad);
      } else if (spec instanceof ObjectNode s && s.has("files")) {
        s.putObject("configMapRef").put("name", bad);
      }
      return "bad reference " + bad.length() + " chars";
    }
    if (kind < 93) {
      JsonNode number = switch (random.nextInt(6)) {
        case 0 -> nodes.numberNode(new BigInteger("9".repeat(30)));
        case 1 -> nodes.numberNode(-1);
        case 2 -> nodes.numberNode(Long.MAX_VALUE);
        case 3 -> nodes.numberNode(0.5);
        case 4 -> nodes.numberNode(new java.math.BigDecimal("1e400"));
        default -> nodes.numberNode(0);
      };
      at.set(number);
      return "number " + number + " at " + at.path;
    }
    ObjectNode annotations = root.with("metadata").with("annotations");
    String value = switch (random.nextInt(4)) {
      case 0 -> "{not json";
      case 1 -> odd();
      case 2 -> "[" + "[".repeat(50);
      default -> "true";
    };
    annotations.put(ANNOTATIONS[random.nextInt(ANNOTATIONS.length)], value);
    return "annotation";
  }

  private void collect(JsonNode node, String path, List<Location> out, int depth) {
    if (depth > 6) {
      return;
    }
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String p = path + "." + field.getKey();
        out.add(new Location(object, field.getKey(), p));
        collect(field.getValue(), p, out, depth + 1);
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        out.add(new Location(array, i, path + "[" + i + "]"));
        collect(array.get(i), path + "[" + i + "]", out, depth + 1);
      }
    }
  }

  private ObjectNode objectIn(ObjectNode root) {
    List<ObjectNode> objects = new ArrayList<>();
    objects.add(root);
    collectObjects(root.path("spec"), objects, 0);
    return objects.get(random.nextInt(objects.size()));
  }

  private void collectObjects(JsonNode node, List<ObjectNode> out, int depth) {
    if (depth > 6) {
      return;
    }
    if (node instanceof ObjectNode object) {
      out.add(object);
    }
    node.forEach(child -> collectObjects(child, out, depth + 1));
  }

  private JsonNode otherType(JsonNode current) {
    for (int i = 0; i < 10; i++) {
      JsonNode candidate = anyValue(1);
      if (current == null || candidate.getNodeType() != current.getNodeType()) {
        return candidate;
      }
    }
    return nodes.nullNode();
  }

  private JsonNode anyValue(int depth) {
    return switch (random.nextInt(depth > 0 ? 7 : 5)) {
      case 0 -> nodes.textNode(random.nextBoolean() ? "yes-please" : odd());
      case 1 -> nodes.numberNode(random.nextInt(2000) - 1000);
      case 2 -> nodes.booleanNode(random.nextBoolean());
      case 3 -> nodes.nullNode();
      case 4 -> nodes.numberNode(random.nextDouble());
      case 5 -> {
        ObjectNode o = nodes.objectNode();
        o.set("k" + random.nextInt(10), anyValue(depth - 1));
        yield o;
      }
      default -> {
        ArrayNode a = nodes.arrayNode();
        a.add(anyValue(depth - 1));
        yield a;
      }
    };
  }

  private JsonNode deep(int depth) {
    JsonNode inner = nodes.textNode("bottom");
    for (int i = 0; i < depth; i++) {
      if (random.nextBoolean()) {
        inner = nodes.arrayNode().add(inner);
      } else {
        inner = nodes.objectNode().set("d", inner);
      }
    }
    return inner;
  }

  private String huge() {
    int length;
    if (hugeLeft > 0 && random.nextInt(40) == 0) {
      hugeLeft--;
      length = 1024 * 1024 - random.nextInt(1024);
    } else {
      length = 1024 + random.nextInt(64 * 1024);
    }
    StringBuilder text = new StringBuilder(length);
    String unit = random.nextBoolean() ? "a" : ODD[random.nextInt(ODD.length)];
    while (text.length() < length) {
      text.append(unit);
    }
    return text.toString();
  }

  private String odd() {
    StringBuilder text = new StringBuilder();
    int parts = 1 + random.nextInt(3);
    for (int i = 0; i < parts; i++) {
      text.append(ODD[random.nextInt(ODD.length)]);
    }
    return text.toString();
  }

  /** A place in the tree: a field of an object or an element of a list. */
  private record Location(JsonNode parent, Object key, String path) {
    JsonNode get() {
      return parent instanceof ObjectNode o ? o.get((String) key) : ((ArrayNode) parent).get((Integer) key);
    }

    void set(JsonNode value) {
      if (parent instanceof ObjectNode o) {
        o.set((String) key, value);
      } else {
        ((ArrayNode) parent).set((Integer) key, value);
      }
    }

    void remove() {
      if (parent instanceof ObjectNode o) {
        o.remove((String) key);
      } else {
        ((ArrayNode) parent).remove((int) (Integer) key);
      }
    }
  }
}
