package dev.kubicle.operator.bench;

import dev.kubicle.api.v1alpha1.ParameterValidation;
import dev.kubicle.api.v1alpha1.TemplateParameter;
import dev.kubicle.api.validation.ParameterValidator;
import dev.kubicle.api.validation.TemplateRegex;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Time to validate a 1 KiB hostile value ("aaa…a!") against worst-case template patterns, through the same
 * ParameterValidator the console, the webhook and reconciles call: p50 / p99 / max per pattern after a warm-up.
 * A pattern too large to check 1 KiB within the match budget is measured at the longest value it checks (longer
 * ones are refused before matching), and a small pattern also at the 16 KiB value cap.
 */
final class RegexBenchmark {
  private static final List<String> PATTERNS = List.of(
      "(a+)+$",
      "(a|aa)+$",
      "(a|a?)+$",
      "(.*a){20}",
      "(.*.*.*.*.*.*.*.*.*.*a){10}",
      "^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\.)*[a-z]{2,63}$",
      // The worst found: every '.*' keeps a thread alive at every character, and (.*a){n} compiles to about 5n
      // instructions. n = 18 is the largest that still checks 1 KiB values within the match budget; n = 199 is
      // the largest the program-size cap lets through (it checks values of up to 98 characters).
      "(.*a){18}",
      "(.*a){199}");

  private RegexBenchmark() {}

  static void run(int iterations) {
    System.out.printf("template regex: validate a hostile value \"aaa…a!\" of 1 KiB (RE2/J; caps: pattern %d chars, "
        + "program %d instructions, value %d chars and %d instructions × chars)%n", TemplateRegex.MAX_PATTERN_CHARS,
        TemplateRegex.MAX_PROGRAM_SIZE, TemplateRegex.MAX_VALUE_CHARS, TemplateRegex.MATCH_BUDGET);
    for (String pattern : PATTERNS) {
      int length = Math.min(1024, TemplateRegex.maxValueChars(pattern));
      measure("a".repeat(length - 1) + "!", pattern, iterations);
    }
    // Only the smallest patterns reach the 16 KiB value cap before the match budget.
    measure("a".repeat(TemplateRegex.MAX_VALUE_CHARS - 1) + "!", "[a-z]+", iterations / 10);
  }

  private static void measure(String value, String pattern, int iterations) {
    List<TemplateParameter> template = List.of(parameter(pattern));
    Map<String, String> values = Map.of("name", value);
    for (int i = 0; i < iterations / 5; i++) {
      ParameterValidator.validate(template, values, null);
    }
    long[] nanos = new long[iterations];
    boolean valid = true;
    for (int i = 0; i < iterations; i++) {
      long start = System.nanoTime();
      valid = ParameterValidator.validate(template, values, null).isValid();
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    System.out.printf("  %-56s %5d chars: p50 %.3f ms, p99 %.3f ms, max %.3f ms (%s)%n", pattern, value.length(),
        ms(nanos[iterations / 2]), ms(nanos[(int) (iterations * 0.99)]), ms(nanos[iterations - 1]),
        valid ? "matched" : "rejected");
  }

  private static TemplateParameter parameter(String pattern) {
    TemplateParameter parameter = new TemplateParameter();
    parameter.setName("name");
    ParameterValidation validation = new ParameterValidation();
    validation.setRegex(pattern);
    validation.setError("{value} does not match");
    parameter.setValidation(validation);
    if (TemplateRegex.problem(pattern).isPresent()) {
      throw new IllegalStateException(pattern + " " + TemplateRegex.problem(pattern).get());
    }
    return parameter;
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
