package dev.kubicle.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AutostartScheduleTest {
  private static final String F = "spec.autostart.schedule";

  @ParameterizedTest
  @ValueSource(strings = {"30 9 * * 1-5", "CRON_TZ=Europe/Berlin 30 9 * * 1-5", "TZ=UTC 0 8 * * *",
      "0,30 8-10 * * MON-FRI", "*/15 7 * * 7", "0 9 * * sun", "5 */2 * * 1,3,5"})
  void acceptsWeeklySchedulesWithOrWithoutATimeZone(String schedule) {
    assertThat(AutostartSchedule.check(F, schedule)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "30 9 * *|\"30 9 * *\" has 4 fields after the time zone; write 5: minute hour * * day-of-week, like \"30 9 * * 1-5\", optionally prefixed with CRON_TZ=Europe/Berlin",
      "30 9 1 * 1|\"30 9 1 * 1\": day of month and month must be * (autostart repeats weekly: minute hour * * day-of-week, like \"30 9 * * 1-5\", optionally prefixed with CRON_TZ=Europe/Berlin)",
      "75 9 * * 1|\"75 9 * * 1\": minute 75 is out of range 0-59",
      "30 24 * * 1|\"30 24 * * 1\": hour 24 is out of range 0-23",
      "30 9 * * FUNDAY|\"30 9 * * FUNDAY\": day of week \"FUNDAY\" is not a number (use 0-7 or SUN-SAT)",
      "30 9 * * 5-1|\"30 9 * * 5-1\": day of week range \"5-1\" runs backwards",
      "CRON_TZ=Mars/Base 30 9 * * 1|\"CRON_TZ=Mars/Base 30 9 * * 1\": unknown time zone \"Mars/Base\": use an IANA name such as Europe/Berlin, America/New_York or UTC",
      "CRON_TZ=+02:00 30 9 * * 1|\"CRON_TZ=+02:00 30 9 * * 1\": unknown time zone \"+02:00\": use an IANA name such as Europe/Berlin, America/New_York or UTC"})
  void namesWhatIsWrongWithABadSchedule(String schedule, String message) {
    assertThat(AutostartSchedule.check(F, schedule)).hasValue(new Problem(F, message));
  }

  @Test
  void emptyMeansUnset() {
    assertThat(AutostartSchedule.check(F, "")).isEmpty();
    assertThat(AutostartSchedule.check(F, null)).isEmpty();
  }

  @Test
  void nextStartFollowsTheScheduleInItsOwnZone() {
    AutostartSchedule schedule = AutostartSchedule.parse(F, "CRON_TZ=Europe/Berlin 30 9 * * 1-5");
    // Saturday 2026-11-28 12:00 UTC: the next weekday 09:30 in Berlin is Monday 08:30 UTC.
    ZonedDateTime next = schedule.next(ZonedDateTime.of(2026, 11, 28, 12, 0, 0, 0, ZoneId.of("UTC")));

    assertThat(next.withZoneSameInstant(ZoneId.of("UTC"))).isEqualTo(ZonedDateTime.of(2026, 11, 30, 8, 30, 0, 0,
        ZoneId.of("UTC")));
  }
}
