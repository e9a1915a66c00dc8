package dev.kubicle.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class DurationsPropertiesTest {
  @Property
  void formatThenParseGivesTheSameDuration(@ForAll @LongRange(min = 0, max = 315_360_000_000_000_000L) long nanos) {
    Duration duration = Duration.ofNanos(nanos);
    assertThat(Durations.parse("f", Durations.format(duration))).isEqualTo(duration);
  }

  @Property
  void parseNeverThrowsAnythingButInvalidDuration(@ForAll String text) {
    try {
      assertThat(Durations.parse("f", text)).isBetween(Duration.ZERO, Durations.MAX);
    } catch (InvalidDurationException expected) {
      assertThat(expected.problem().field()).isEqualTo("f");
    }
  }
}
