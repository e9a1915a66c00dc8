package dev.kubicle.api.validation;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Optional;

/**
 * A template's {@code validation.regex}, compiled with RE2 semantics (RE2/J) so that matching takes time linear in
 * the value, whatever the pattern: the console, the webhook and every reconcile check member-supplied values with it.
 */
public final class TemplateRegex {
  /** Longest pattern a template may declare, in characters. */
  public static final int MAX_PATTERN_CHARS = 1024;
  /**
   * Largest compiled program, in RE2 instructions. Matching costs at most (instructions × value length) steps, so
   * this bounds the worst case; counted repetitions such as {@code (.*a){1000}} expand into many instructions.
   */
  public static final int MAX_PROGRAM_SIZE = 1000;
  /** Longest value checked against a pattern, in characters. */
  public static final int MAX_VALUE_CHARS = 16 * 1024;

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
    return compiled.pattern() != null && value.length() <= MAX_VALUE_CHARS
        && compiled.pattern().matcher(value).matches();
  }

  /** The message for a value too long to check, or empty. */
  public static Optional<String> valueTooLong(String value) {
    return value.length() <= MAX_VALUE_CHARS ? Optional.empty()
        : Optional.of("is " + value.length() + " characters long; a value checked against validation.regex may be at "
            + "most " + MAX_VALUE_CHARS + " characters");
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
