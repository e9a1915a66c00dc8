package dev.kubicle.operator.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.kubicle.operator.task.llm.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tool arguments as records keep them: no secrets (values of fields named like a token, password, secret or key,
 * and such values written inside commands: {@code API_TOKEN=…}, {@code --password …}, {@code Bearer …}, a URL's
 * password, well-known key formats), file contents replaced by their size, long texts cut, the whole capped.
 * The texts come from a model and an agent, so the patterns run on RE2/J (linear time, no backtracking).
 */
public final class Redaction {
  static final int MAX_CHARS = 2000;
  /** Longest text scanned for secrets; the rest is cut off (records keep far less anyway). */
  static final int MAX_TEXT_CHARS = 16 * 1024;
  public static final String REDACTED = "<redacted>";
  private static final int TEXT_CHARS = 200;
  private static final int MAX_DEPTH = 20;

  /** Field names whose values are secrets, whatever they hold. */
  private static final List<String> SECRET_NAME_PARTS =
      List.of("token", "passw", "secret", "key", "credential", "auth", "cookie", "session", "private");
  /** Secrets written after a name, a flag or a keyword: group 1 is kept, group 2 is the secret. */
  private static final List<Pattern> SECRET_VALUE_PATTERNS = List.of(
      // NAME=value, NAME: value, "name": "value" where the name says secret (API_TOKEN=…, password: …)
      Pattern.compile("(?i)([A-Za-z0-9_.-]*(?:token|passw(?:or)?d?|secret|api[_-]?key|access[_-]?key|private[_-]?key"
          + "|credential|auth)[A-Za-z0-9_.-]*[\"']?\\s*[=:]\\s*)"
          + "(\"[^\"]*\"|'[^']*'|[^\\s\"',;&|]+)"),
      // --password value, -p value is too ambiguous; long options named like secrets only
      Pattern.compile("(?i)(--[A-Za-z0-9-]*(?:token|password|passwd|secret|key)[A-Za-z0-9-]*\\s+)(\"[^\"]*\"|'[^']*'"
          + "|[^\\s\"']+)"),
      // Authorization: Bearer …, Basic …
      Pattern.compile("(?i)(\\b(?:bearer|basic)\\s+)([A-Za-z0-9._~+/=-]{6,})"),
      // https://user:password@host (the '@' is group 3: RE2 has no lookahead, so it is matched and put back)
      Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s:@]+:)([^@\\s/]+)(@)"));
  /** Key formats that are secrets wherever they appear. */
  private static final Pattern KNOWN_KEYS = Pattern.compile("\\b(?:sk-[A-Za-z0-9_-]{8,}|sk-ant-[A-Za-z0-9_-]{8,}"
      + "|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|AKIA[0-9A-Z]{16}|xox[abprs]-[A-Za-z0-9-]{10,}"
      + "|glpat-[A-Za-z0-9_-]{20,}|kbt_[A-Za-z0-9_-]{16,})");

  private Redaction() {}

  static String arguments(ToolCall call) {
    if (call.input() == null || !call.input().isObject()) {
      return "{}";
    }
    ObjectNode copy = call.input().deepCopy();
    if (copy.has("content")) {
      copy.put("content", "<" + OutputCap.bytes(copy.path("content").asText()) + " bytes>");
    }
    JsonNode clean = redact(copy, 0);
    if (clean instanceof ObjectNode object) {
      for (String field : new String[] {"old_text", "new_text", "command"}) {
        String value = object.path(field).asText(null);
        if (value != null && value.length() > TEXT_CHARS) {
          object.put(field, value.substring(0, TEXT_CHARS) + "...");
        }
      }
    }
    String text = clean.toString();
    return text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) + "..." : text;
  }

  /** A copy of {@code node} with secret-named fields and secret-looking values replaced. */
  static JsonNode redact(JsonNode node, int depth) {
    if (depth > MAX_DEPTH) {
      return TextNode.valueOf(REDACTED);
    }
    if (node.isObject()) {
      ObjectNode out = ((ObjectNode) node).objectNode();
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        JsonNode value = node.get(name);
        out.set(name, secretName(name) && !value.isNull() ? TextNode.valueOf(REDACTED)
            : redact(value, depth + 1));
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = ((ArrayNode) node).arrayNode();
      node.forEach(item -> out.add(redact(item, depth + 1)));
      return out;
    }
    if (node.isTextual()) {
      return TextNode.valueOf(text(node.asText()));
    }
    return node;
  }

  /** {@code text} with secrets written inside it replaced; texts over {@link #MAX_TEXT_CHARS} are cut first. */
  public static String text(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = KNOWN_KEYS.matcher(cut(text)).replaceAll(REDACTED);
    for (Pattern pattern : SECRET_VALUE_PATTERNS) {
      out = replaceSecrets(pattern, out);
    }
    return out;
  }

  private static boolean secretName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return SECRET_NAME_PARTS.stream().anyMatch(lower::contains);
  }

  /** Group 1 kept, group 2 replaced, group 3 (if any) kept; a value that is a scheme keyword is left alone. */
  private static String replaceSecrets(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    int copied = 0;
    while (m.find()) {
      if (pattern != SECRET_VALUE_PATTERNS.get(0) || !notAValue(text, m.start(2))) {
        out.append(text, copied, m.start(2)).append(REDACTED);
        copied = m.end(2);
      }
    }
    return out.append(text, copied, text.length()).toString();
  }

  /**
   * Whether the text at {@code at} is a scheme keyword (the Bearer pattern redacts what follows it) or an earlier
   * redaction: what Java's lookahead {@code (?!(?:bearer|basic)\s)(?!<redacted>)} used to exclude.
   */
  private static boolean notAValue(String text, int at) {
    return keywordThenSpace(text, at, "bearer") || keywordThenSpace(text, at, "basic")
        || text.regionMatches(true, at, REDACTED, 0, REDACTED.length());
  }

  private static boolean keywordThenSpace(String text, int at, String keyword) {
    int end = at + keyword.length();
    return text.regionMatches(true, at, keyword, 0, keyword.length()) && end < text.length()
        && " \t\n\f\r".indexOf(text.charAt(end)) >= 0;
  }

  /**
   * {@code text} cut to {@link #MAX_TEXT_CHARS}, dropping the word that crosses the cut too: half a key would no
   * longer look like one, and must not be kept.
   */
  static String cut(String text) {
    if (text.length() <= MAX_TEXT_CHARS) {
      return text;
    }
    int end = MAX_TEXT_CHARS;
    while (end > 0 && !Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "[cut: " + text.length() + " characters]";
  }
}
