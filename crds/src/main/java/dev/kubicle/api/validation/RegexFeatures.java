package dev.kubicle.api.validation;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * A cheap scan of a pattern's text before RE2/J sees it: names the backtracking-only features RE2 refuses (so the
 * template author reads "lookahead" rather than a parser's terse error), and estimates the compiled size, since
 * nested counted repetitions like {@code ((a{1000}){1000}){1000}} would otherwise compile to a billion instructions.
 */
final class RegexFeatures {
  private static final long SATURATED = 1L << 40;

  private RegexFeatures() {}

  /** The first feature RE2 cannot run, described for a person, or empty. */
  static Optional<String> unsupported(String p) {
    int i = 0;
    while (i < p.length()) {
      char c = p.charAt(i);
      if (c == '\\' && i + 1 < p.length()) {
        char next = p.charAt(i + 1);
        if (next >= '1' && next <= '9') {
          return Optional.of("a backreference (\\" + next + ")");
        }
        if (next == 'k' && i + 2 < p.length() && "<{'".indexOf(p.charAt(i + 2)) >= 0) {
          return Optional.of("a named backreference (\\k)");
        }
        i = skipEscape(p, i);
      } else if (c == '[') {
        i = skipClass(p, i);
      } else if (p.startsWith("(?=", i) || p.startsWith("(?!", i)) {
        return Optional.of("a lookahead (" + p.substring(i, i + 3) + "…)");
      } else if (p.startsWith("(?<=", i) || p.startsWith("(?<!", i)) {
        return Optional.of("a lookbehind (" + p.substring(i, i + 4) + "…)");
      } else if (p.startsWith("(?>", i)) {
        return Optional.of("an atomic group ((?>…))");
      } else if ((c == '*' || c == '+' || c == '?' || c == '}') && i + 1 < p.length() && p.charAt(i + 1) == '+') {
        return Optional.of("a possessive quantifier (" + c + "+)");
      } else {
        i++;
      }
    }
    return Optional.empty();
  }

  /**
   * Roughly how many instructions the pattern compiles to: literals and classes count one, a group the sum of its
   * parts, and a counted repetition multiplies what it repeats by its largest count. Used only as a bound.
   */
  static long estimatedSize(String p) {
    Deque<Long> enclosing = new ArrayDeque<>();
    long total = 0;
    long last = 0; // the size of the atom a following quantifier applies to
    int i = 0;
    while (i < p.length()) {
      char c = p.charAt(i);
      if (c == '\\') {
        int end = skipEscape(p, i);
        last = p.startsWith("\\Q", i) ? Math.max(1, end - i - 4) : 1;
        total = add(total, last);
        i = end;
      } else if (c == '[') {
        i = skipClass(p, i);
        last = 1;
        total = add(total, 1);
      } else if (c == '(') {
        enclosing.push(total);
        total = 0;
        last = 0;
        i++;
      } else if (c == ')' && !enclosing.isEmpty()) {
        long group = add(total, 2);
        total = add(enclosing.pop(), group);
        last = group;
        i++;
      } else if (c == '{' && repeatEnd(p, i) > 0) {
        int end = repeatEnd(p, i);
        long count = largestCount(p.substring(i + 1, end - 1));
        long repeated = multiply(last, count);
        total = add(add(total, repeated - last), count);
        last = repeated;
        i = end;
      } else {
        total = add(total, 1);
        last = "*+?|".indexOf(c) >= 0 ? last : 1;
        i++;
      }
    }
    while (!enclosing.isEmpty()) {
      total = add(total, enclosing.pop());
    }
    return total;
  }

  /** Index after the escape starting at {@code i} (a backslash), including {@code \p{…}}, {@code \x{…}}, {@code \Q…\E}. */
  private static int skipEscape(String p, int i) {
    if (i + 1 >= p.length()) {
      return p.length();
    }
    char next = p.charAt(i + 1);
    if (next == 'Q') {
      int end = p.indexOf("\\E", i + 2);
      return end < 0 ? p.length() : end + 2;
    }
    if ((next == 'p' || next == 'P' || next == 'x') && i + 2 < p.length() && p.charAt(i + 2) == '{') {
      int end = p.indexOf('}', i + 3);
      return end < 0 ? p.length() : end + 1;
    }
    return i + 2;
  }

  /** Index after the character class starting at {@code i} (a '['), honouring escapes and {@code [:alpha:]}. */
  private static int skipClass(String p, int i) {
    int j = i + 1;
    if (j < p.length() && p.charAt(j) == '^') {
      j++;
    }
    if (j < p.length() && p.charAt(j) == ']') {
      j++; // a leading ']' is a literal
    }
    while (j < p.length()) {
      char c = p.charAt(j);
      if (c == '\\') {
        j = skipEscape(p, j);
      } else if (c == '[' && p.startsWith("[:", j)) {
        int end = p.indexOf(":]", j + 2);
        j = end < 0 ? j + 1 : end + 2;
      } else if (c == ']') {
        return j + 1;
      } else {
        j++;
      }
    }
    return p.length();
  }

  /** Index after a well-formed {n}, {n,} or {n,m} at {@code i}, or -1 when the brace is a literal. */
  private static int repeatEnd(String p, int i) {
    int close = p.indexOf('}', i);
    if (close < 0 || close - i > 12) {
      return -1;
    }
    String counts = p.substring(i + 1, close);
    int comma = counts.indexOf(',');
    String min = comma < 0 ? counts : counts.substring(0, comma);
    String max = comma < 0 ? "" : counts.substring(comma + 1);
    return digits(min) && (max.isEmpty() || digits(max)) ? close + 1 : -1;
  }

  private static boolean digits(String s) {
    return !s.isEmpty() && s.chars().allMatch(ch -> ch >= '0' && ch <= '9');
  }

  private static long largestCount(String counts) {
    int comma = counts.indexOf(',');
    if (comma < 0) {
      return Long.parseLong(counts);
    }
    String max = counts.substring(comma + 1);
    return max.isEmpty() ? Long.parseLong(counts.substring(0, comma)) + 1 : Long.parseLong(max);
  }

  private static long add(long a, long b) {
    return Math.min(SATURATED, a + b);
  }

  private static long multiply(long a, long b) {
    return a == 0 || b <= SATURATED / Math.max(1, a) ? Math.min(SATURATED, a * b) : SATURATED;
  }
}
