package dev.kubicle.api.validation;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Optional;

/**
 * A template's {@code validation.regex}, compiled with RE2 semantics (RE2/J) so that matching takes time linear in
 * the value, whatever the pattern: the console, the webhook and every reconcile check member-supplied values with it.
 * One check costs at most (instructions × characters) steps, so a value may be as long as {@link #MATCH_BUDGET}
 * allows for its pattern, and never longer than {@link #MAX_VALUE_CHARS}.
 */
public final class TemplateRegex {
  /** Longest pattern a template may declare, in characters. */
  public static final int MAX_PATTERN_CHARS = 1024;
  /**
   * Largest compiled program, in RE2 instructions. Matching costs at most (instructions × value length) steps, so
   * this bounds the worst case; counted repetitions such as {@code (.*a){1000}} expand into many instructions.
   */
  public static final int MAX_PROGRAM_SIZE = 1000;
  /** Longest value checked against any pattern, in characters. */
  public static final int MAX_VALUE_CHARS = 16 * 1024;
  /**
   * Most work one check may take, in RE2 instructions × value characters: under a millisecond however the pattern
   * is built (5 to 8 ns a step measured). Simple patterns reach {@link #MAX_VALUE_CHARS} first.
   */
  public static final int MATCH_BUDGET = 96 * 1024;

  private static final CompiledPatternCache CACHE = new CompiledPatternCache(1024, 200_000);

  private TemplateRegex() {}

  /** What is wrong with {@code regex} as a template pattern, phrased to follow the field name; empty when fine. */
  public static Optional<String> problem(String regex) {
    return compile(regex).error();
  }

  /**
   * Whether {@code value} matches the whole of {@code regex}. Callers check {@link #valueTooLong} first; a pattern
   * with a {@link #problem} matches nothing.
   */
  public static boolean matches(String regex, String value) {
    Compiled compiled = compile(regex);
    return compiled.pattern() != null && value.length() <= maxValueChars(compiled)
        && compiled.pattern().matcher(value).matches();
  }

  /** The longest value {@code regex} checks: what {@link #MATCH_BUDGET} allows for its size, at most 16 KiB. */
  public static int maxValueChars(String regex) {
    return maxValueChars(compile(regex));
  }

  /** The message for a value too long to check against {@code regex}, or empty. */
  public static Optional<String> valueTooLong(String regex, String value) {
    int max = maxValueChars(regex);
    if (value.length() <= max) {
      return Optional.empty();
    }
    return Optional.of("is " + value.length() + " characters long; values checked against this parameter's "
        + "validation.regex may be at most " + max + " characters"
        + (max < MAX_VALUE_CHARS ? " (the pattern's size sets this; a simpler pattern allows up to " + MAX_VALUE_CHARS
            + ")" : ""));
  }

  private static int maxValueChars(Compiled compiled) {
    return compiled.pattern() == null ? MAX_VALUE_CHARS
        : Math.min(MAX_VALUE_CHARS, MATCH_BUDGET / Math.max(1, compiled.pattern().programSize()));
  }

  /** The compiled pattern or why there is none; cached by pattern text, so each template version compiles once. */
  static Compiled compile(String regex) {
    return CACHE.get(regex, TemplateRegex::compileUncached);
  }

  private static Compiled compileUncached(String regex) {
    if (regex.length() > MAX_PATTERN_CHARS) {
      return Compiled.invalid("is " + regex.length() + " characters long; at most " + MAX_PATTERN_CHARS
          + " are allowed");
    }
    Optional<String> unsupported = RegexFeatures.unsupported(regex);
    if (unsupported.isPresent()) {
      return Compiled.invalid("uses " + unsupported.get() + ", which RE2 does not support: Kubicle matches "
          + "parameter values in linear time with RE2 syntax, as Coder does; rewrite the pattern without it");
    }
    // Counted repetitions multiply the program: estimate before compiling, so a small pattern cannot make a huge one.
    // The estimate is rough (RE2 folds a|b into [ab]), so it only guards the compiler; the program size decides.
    if (RegexFeatures.estimatedSize(regex) > 10L * MAX_PROGRAM_SIZE) {
      return Compiled.invalid(tooLarge("more than " + 10 * MAX_PROGRAM_SIZE));
    }
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      return Compiled.invalid("is not a valid RE2 regular expression: " + e.getDescription()
          + (e.getPattern() == null || e.getPattern().isEmpty() ? "" : " at `" + e.getPattern() + "`"));
    }
    if (pattern.programSize() > MAX_PROGRAM_SIZE) {
      return Compiled.invalid(tooLarge(String.valueOf(pattern.programSize())));
    }
    return new Compiled(pattern, Optional.empty(), pattern.programSize());
  }

  private static String tooLarge(String size) {
    return "compiles to " + size + " RE2 instructions; at most " + MAX_PROGRAM_SIZE + " are allowed: use smaller "
        + "counted repetitions ({n,m}) or fewer nested ones";
  }

  /** A compiled pattern, or the reason the text is not one; {@code size} is what it costs the cache. */
  record Compiled(Pattern pattern, Optional<String> error, int size) {
    static Compiled invalid(String message) {
      return new Compiled(null, Optional.of(message), 1);
    }
  }
}
