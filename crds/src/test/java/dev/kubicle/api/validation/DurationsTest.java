package dev.kubicle.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {
  private static final String FIELD = "spec.lifecycle.defaultTtl";

  @ParameterizedTest
  @CsvSource({"24h, PT24H", "90m, PT1H30M", "1h30m, PT1H30M", "45s, PT45S", "0, PT0S", "500ms, PT0.5S",
      "1.5h, PT1H30M", "2us, PT0.000002S", "3ns, PT0.000000003S", "0s, PT0S", "87600h, PT87600H"})
  void goStyleDurationsParse(String text, Duration expected) {
    assertThat(Durations.parse(FIELD, text)).isEqualTo(expected);
  }

  @Test
  void negativeDurationIsRejectedNamingTheField() {
    assertThatThrownBy(() -> Durations.parse(FIELD, "-1h"))
        .isInstanceOf(InvalidDurationException.class)
        .hasMessage("spec.lifecycle.defaultTtl: \"-1h\" must not be negative");
  }

  @Test
  void numberWithoutUnitIsRejected() {
    assertThat(problem("1h30")).isEqualTo("\"1h30\" has no unit after 30: use one of h, m, s, ms, us, ns, "
        + "like 24h, 90m, 1h30m or 0");
  }

  @Test
  void daysAreRejectedWithAHintToUseHours() {
    assertThat(problem("2d")).isEqualTo("\"2d\" has unknown unit \"d\": use one of h, m, s, ms, us, ns "
        + "(days and weeks are not supported: write hours, e.g. 72h)");
  }

  @Test
  void garbageIsRejected() {
    assertThat(problem("soon")).isEqualTo("\"soon\" is not a duration: write numbers with units, "
        + "like 24h, 90m, 1h30m or 0");
    assertThat(problem("1..5h")).startsWith("\"1..5h\" is not a duration");
    assertThat(problem("1h 30m")).startsWith("\"1h 30m\" has unknown unit \"h \"");
  }

  @Test
  void emptyTextIsRejectedByParse() {
    assertThat(problem("")).isEqualTo("must not be empty: write a duration like 24h, 90m, 1h30m or 0");
  }

  @Test
  void moreThanTenYearsIsRejected() {
    assertThat(problem("87601h")).isEqualTo("\"87601h\" is longer than 10 years (87600h)");
    assertThat(problem("99999999999999999999999h")).endsWith("is longer than 10 years (87600h)");
  }

  @Test
  void checkTreatsUnsetAsFineAndReportsTheProblemOtherwise() {
    assertThat(Durations.check(FIELD, null)).isEmpty();
    assertThat(Durations.check(FIELD, "")).isEmpty();
    assertThat(Durations.check(FIELD, "1h")).isEmpty();
    assertThat(Durations.check(FIELD, "1x")).contains(
        new Problem(FIELD, "\"1x\" has unknown unit \"x\": use one of h, m, s, ms, us, ns"));
  }

  @ParameterizedTest
  @CsvSource({"PT24H, 24h", "PT1H30M, 1h30m", "PT45S, 45s", "PT0S, 0", "PT0.5S, 500ms", "PT1.5S, 1s500ms",
      "PT0.000001001S, 1us1ns", "PT72H, 72h"})
  void formatWritesTheCompactForm(Duration duration, String expected) {
    assertThat(Durations.format(duration)).isEqualTo(expected);
  }

  private static String problem(String text) {
    try {
      Durations.parse(FIELD, text);
    } catch (InvalidDurationException e) {
      assertThat(e.problem().field()).isEqualTo(FIELD);
      return e.problem().message();
    }
    throw new AssertionError(text + " was accepted");
  }
}
