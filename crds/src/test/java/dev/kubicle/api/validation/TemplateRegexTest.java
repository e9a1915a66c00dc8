package dev.kubicle.api.validation;

import static dev.kubicle.api.validation.Params.string;
import static dev.kubicle.api.validation.Params.withRegex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.kubicle.api.v1alpha1.TemplateParameter;
import dev.kubicle.api.v1alpha1.TemplateSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Template regexes run with RE2 semantics: hostile patterns and values finish, unsupported features are named. */
class TemplateRegexTest {
  // Only a guard against a hang: the assertions are about results, never about how long they took.
  private static final Duration HANG_GUARD = Duration.ofSeconds(10);

  @ParameterizedTest
  @ValueSource(strings = {"(a+)+$", "(a|aa)+$", "(.*a){20}", "(a|a?)+$", "((a*)*)*b", "(\\w*\\w*\\w*)*!x",
      "^(([a-z])+.)+[A-Z]([a-z])+$", "(.*.*.*.*.*.*.*.*.*.*a){10}"})
  void catastrophicBacktrackingPatternsFinishOnLongHostileValues(String regex) {
    assertThat(TemplateRegex.problem(regex)).isEmpty();
    for (int length : new int[] {Math.min(1024, TemplateRegex.maxValueChars(regex)),
        TemplateRegex.maxValueChars(regex)}) {
      String hostile = "a".repeat(length - 1) + "!";
      boolean matched = assertTimeoutPreemptively(HANG_GUARD, () -> TemplateRegex.matches(regex, hostile));
      assertThat(matched).as("%s on %d characters", regex, length).isFalse();
    }
  }

  @Test
  void hostileValueIsRejectedThroughTheParameterValidatorWithTheTemplatesMessage() {
    List<TemplateParameter> template = List.of(withRegex(string("name", "aa"), "(a+)+", "{value} is not all a's"));
    String hostile = "a".repeat(1023) + "!";
    var result = assertTimeoutPreemptively(HANG_GUARD,
        () -> ParameterValidator.validate(template, Map.of("name", hostile), null));
    assertThat(result.problems()).containsExactly(new Problem("spec.parameters.name", hostile + " is not all a's"));
    assertThat(ParameterValidator.validate(template, Map.of("name", "a".repeat(1024)), null).isValid()).isTrue();
  }

  @Test
  void ordinaryPatternsKeepTheirMeaning() {
    assertThat(TemplateRegex.matches("^[a-z][a-z0-9-]{0,62}$", "my-repo-1")).isTrue();
    assertThat(TemplateRegex.matches("^[a-z][a-z0-9-]{0,62}$", "My-repo")).isFalse();
    assertThat(TemplateRegex.matches("[[:alpha:]]+", "abc")).isTrue();
    assertThat(TemplateRegex.matches("(?i)main|dev", "DEV")).isTrue();
    assertThat(TemplateRegex.matches("[a-z]+", "abc1")).as("the whole value must match").isFalse();
    assertThat(TemplateRegex.matches("\\Qa.b\\E", "a.b")).isTrue();
  }

  @Test
  void valueLongerThanTheCapIsRejectedNamingTheParameter() {
    List<TemplateParameter> template = List.of(withRegex(string("branch", "main"), "[a-z]+", "bad branch"));
    String value = "a".repeat(64 * 1024);
    assertThat(ParameterValidator.validate(template, Map.of("branch", value), null).problems()).containsExactly(
        new Problem("spec.parameters.branch", "is 65536 characters long; values checked against this parameter's "
            + "validation.regex may be at most 16384 characters"));
  }

  @Test
  void aLargerPatternChecksShorterValuesSoThatNoCheckCostsMoreThanTheBudget() {
    String dnsLabel = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"; // 131 instructions
    assertThat(TemplateRegex.maxValueChars(dnsLabel)).isEqualTo(TemplateRegex.MATCH_BUDGET / 131);
    assertThat(TemplateRegex.maxValueChars("(.*a){199}")).isEqualTo(TemplateRegex.MATCH_BUDGET / 997);
    assertThat(TemplateRegex.maxValueChars("[a-z]+")).isEqualTo(TemplateRegex.MAX_VALUE_CHARS);

    List<TemplateParameter> template = List.of(withRegex(string("host", "a"), dnsLabel, "bad host"));
    assertThat(ParameterValidator.validate(template, Map.of("host", "a".repeat(2000)), null).problems())
        .containsExactly(new Problem("spec.parameters.host", "is 2000 characters long; values checked against this "
            + "parameter's validation.regex may be at most 750 characters (the pattern's size sets this; a simpler "
            + "pattern allows up to 16384)"));
  }

  @Test
  void backreferencesAndLookaroundAreAnInvalidTemplateSayingRe2CannotRunThem() {
    assertThat(problem("(a)\\1")).contains("a backreference (\\1), which RE2 does not support");
    assertThat(problem("(?<n>a)\\k<n>")).contains("a named backreference (\\k), which RE2 does not support");
    assertThat(problem("foo(?=bar)")).contains("a lookahead ((?=…), which RE2 does not support");
    assertThat(problem("(?!admin)[a-z]+")).contains("a lookahead ((?!…)");
    assertThat(problem("(?<=x)y")).contains("a lookbehind ((?<=…)");
    assertThat(problem("(?>a+)b")).contains("an atomic group");
    assertThat(problem("a++b")).contains("a possessive quantifier (++)");
    assertThat(problem("[(?=]x")).as("inside a class these are plain characters").isNull();
  }

  @Test
  void unsupportedPatternMakesTheTemplateInvalidAtItsRegexField() {
    TemplateSpec spec = TemplateValidatorTest.spec(Map.of("main.tf", ""));
    spec.setParameters(List.of(withRegex(string("branch", "main"), "(?!master)[a-z]+", "not master")));
    assertThat(TemplateValidator.validate(spec, Set.of()).problems()).extracting(Problem::field)
        .containsExactly("spec.parameters[0].validation.regex");
  }

  @Test
  void tooLongOrTooLargePatternsAreRefusedWithTheirLimits() {
    assertThat(problem("a".repeat(1025))).isEqualTo("is 1025 characters long; at most 1024 are allowed");
    assertThat(problem("((a{1000}){1000}){1000}")).as("refused before compiling a billion instructions")
        .startsWith("compiles to more than 10000 RE2 instructions; at most 1000 are allowed");
    assertThat(problem("x?".repeat(500))).isEqualTo("compiles to 1002 RE2 instructions; at most 1000 are allowed: "
        + "use smaller counted repetitions ({n,m}) or fewer nested ones");
    assertThat(problem("(.*a){300}")).startsWith("compiles to 1502 RE2 instructions");
    assertThat(problem("(a|b|c|d|e|f|g|h){60}")).as("RE2 folds the alternation into a class").isNull();
  }

  @Test
  void compiledPatternsAreCachedByTheirText() {
    assertThat(TemplateRegex.compile("^cached-[0-9]+$")).isSameAs(TemplateRegex.compile("^cached-[0-9]+$"));
  }

  @Test
  void cacheEvictsTheLeastRecentlyUsedBeyondItsEntryAndSizeBounds() {
    CompiledPatternCache cache = new CompiledPatternCache(2, 100);
    TemplateRegex.Compiled a = cache.get("a", TemplateRegexTest::sized10);
    cache.get("b", TemplateRegexTest::sized10);
    assertThat(cache.get("a", TemplateRegexTest::sized10)).isSameAs(a);
    cache.get("c", TemplateRegexTest::sized10);
    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.get("a", TemplateRegexTest::sized10)).as("a was used after b, so b went").isSameAs(a);

    cache.get("big", text -> new TemplateRegex.Compiled(null, java.util.Optional.empty(), 95));
    assertThat(cache.size()).as("the size bound evicts too").isEqualTo(1);
  }

  private static TemplateRegex.Compiled sized10(String text) {
    return new TemplateRegex.Compiled(null, java.util.Optional.of(text), 10);
  }

  private static String problem(String regex) {
    return TemplateRegex.problem(regex).orElse(null);
  }
}
