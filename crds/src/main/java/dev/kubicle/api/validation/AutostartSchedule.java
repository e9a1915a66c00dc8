package dev.kubicle.api.validation;

import static dev.kubicle.api.validation.Texts.quote;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A workspace autostart schedule as Coder writes it: {@code [CRON_TZ=<zone> ]minute hour * * day-of-week}, weekly
 * by design (day of month and month must be {@code *}). Parsed strictly so a typo is reported, not ignored.
 */
public final class AutostartSchedule {
  private static final String SHAPE = "minute hour * * day-of-week, like \"30 9 * * 1-5\", optionally prefixed "
      + "with CRON_TZ=Europe/Berlin";
  private static final Map<String, Integer> DAYS = Map.of("SUN", 0, "MON", 1, "TUE", 2, "WED", 3, "THU", 4,
      "FRI", 5, "SAT", 6);

  private final ZoneId zone;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfWeek;

  private AutostartSchedule(ZoneId zone, BitSet minutes, BitSet hours, BitSet daysOfWeek) {
    this.zone = zone;
    this.minutes = minutes;
    this.hours = hours;
    this.daysOfWeek = daysOfWeek;
  }

  /**
   * Parses {@code text}; {@code field} is the manifest path named in the error.
   *
   * @throws IllegalArgumentException carrying a message of the form "field: what is wrong"
   */
  public static AutostartSchedule parse(String field, String text) {
    return new Parser(field, text).parse();
  }

  /** The problem with {@code text}, if any; null or empty counts as unset and is fine. */
  public static Optional<Problem> check(String field, String text) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    try {
      parse(field, text);
      return Optional.empty();
    } catch (InvalidScheduleException e) {
      return Optional.of(e.problem);
    }
  }

  public ZoneId zone() {
    return zone;
  }

  /** The first start strictly after {@code after}, in the schedule's zone (DST gaps skip to the next match). */
  public ZonedDateTime next(ZonedDateTime after) {
    ZonedDateTime t = after.withZoneSameInstant(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    // A weekly schedule matches within 8 days; minute steps keep the search simple and exact across DST.
    for (int i = 0; i < 8 * 24 * 60; i++, t = t.plusMinutes(1)) {
      if (minutes.get(t.getMinute()) && hours.get(t.getHour()) && daysOfWeek.get(t.getDayOfWeek().getValue() % 7)) {
        return t;
      }
    }
    throw new IllegalStateException("a parsed schedule always matches within a week");
  }

  private static final class InvalidScheduleException extends IllegalArgumentException {
    private final transient Problem problem;

    InvalidScheduleException(Problem problem) {
      super(problem.toString());
      this.problem = problem;
    }
  }

  private static final class Parser {
    private final String field;
    private final String text;

    Parser(String field, String text) {
      this.field = field;
      this.text = text;
    }

    AutostartSchedule parse() {
      if (text == null || text.isBlank()) {
        throw invalid("must not be empty: write " + SHAPE);
      }
      String rest = text.trim();
      ZoneId zone = ZoneOffset.UTC;
      if (rest.startsWith("CRON_TZ=") || rest.startsWith("TZ=")) {
        int space = rest.indexOf(' ');
        String name = rest.substring(rest.indexOf('=') + 1, space < 0 ? rest.length() : space);
        zone = zone(name);
        rest = space < 0 ? "" : rest.substring(space + 1).trim();
      }
      String[] fields = rest.isEmpty() ? new String[0] : rest.split("\\s+");
      if (fields.length != 5) {
        throw invalid(quote(text) + " has " + fields.length + " field" + (fields.length == 1 ? "" : "s")
            + " after the time zone; write 5: " + SHAPE);
      }
      if (!fields[2].equals("*") || !fields[3].equals("*")) {
        throw invalid(quote(text) + ": day of month and month must be * (autostart repeats weekly: " + SHAPE + ")");
      }
      return new AutostartSchedule(zone, values("minute", fields[0], 0, 59), values("hour", fields[1], 0, 23),
          daysOfWeek(fields[4]));
    }

    private ZoneId zone(String name) {
      if (name.isEmpty() || name.equals("Local")) {
        throw invalid(quote(text) + ": name a time zone after CRON_TZ=, such as Europe/Berlin or UTC");
      }
      try {
        // Region names only (IANA, as Go's time.LoadLocation reads them): no "+02:00" or "GMT+2".
        ZoneId zone = ZoneId.of(name);
        if (zone instanceof ZoneOffset || name.matches(".*[+-]\\d.*")) {
          throw new DateTimeException("offset");
        }
        return zone;
      } catch (DateTimeException e) {
        throw invalid(quote(text) + ": unknown time zone " + quote(name) + ": use an IANA name such as Europe/Berlin, "
            + "America/New_York or UTC");
      }
    }

    private BitSet daysOfWeek(String spec) {
      BitSet days = values("day of week", spec.toUpperCase(Locale.ROOT), 0, 7);
      if (days.get(7)) { // 7 is Sunday too, as in cron
        days.set(0);
        days.clear(7);
      }
      return days;
    }

    private BitSet values(String name, String spec, int min, int max) {
      BitSet set = new BitSet(max + 1);
      for (String item : spec.split(",", -1)) {
        String range = item;
        int step = 1;
        int slash = item.indexOf('/');
        if (slash >= 0) {
          range = item.substring(0, slash);
          step = number(name + " step", item.substring(slash + 1), 1, max);
        }
        int from;
        int to;
        if (range.equals("*")) {
          from = min;
          to = max == 7 ? 6 : max;
        } else if (range.contains("-")) {
          String[] ends = range.split("-", -1);
          if (ends.length != 2) {
            throw invalid(quote(text) + ": " + name + " " + quote(item) + " is not a value, range or step");
          }
          from = number(name, ends[0], min, max);
          to = number(name, ends[1], min, max);
          if (from > to) {
            throw invalid(quote(text) + ": " + name + " range " + quote(range) + " runs backwards");
          }
        } else {
          from = number(name, range, min, max);
          to = slash >= 0 ? (max == 7 ? 6 : max) : from;
        }
        for (int v = from; v <= to; v += step) {
          set.set(v);
        }
      }
      return set;
    }

    private int number(String name, String token, int min, int max) {
      Integer day = name.equals("day of week") ? DAYS.get(token) : null;
      if (day != null) {
        return day;
      }
      if (!token.matches("\\d{1,2}")) {
        String hint = name.equals("day of week") ? " (use 0-7 or SUN-SAT)" : "";
        throw invalid(quote(text) + ": " + name + " " + quote(token) + " is not a number" + hint);
      }
      int value = Integer.parseInt(token);
      if (value < min || value > max) {
        throw invalid(quote(text) + ": " + name + " " + value + " is out of range " + min + "-" + max);
      }
      return value;
    }

    private InvalidScheduleException invalid(String message) {
      return new InvalidScheduleException(new Problem(field, message));
    }
  }
}
