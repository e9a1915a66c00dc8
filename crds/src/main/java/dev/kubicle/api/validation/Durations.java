package dev.kubicle.api.validation;

import static dev.kubicle.api.validation.Texts.quote;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Go-style durations as written in manifests ("24h", "1h30m", "500ms", "0"), parsed strictly and formatted compactly. */
public final class Durations {
  /** Anything longer is a typo (an extra zero), not a real lifecycle setting. */
  public static final Duration MAX = Duration.ofDays(3650);

  private static final String UNITS = "h, m, s, ms, us, ns";
  private static final String EXAMPLES = "like 24h, 90m, 1h30m or 0";
  // Go accepts both micro signs as well as "us"; manifests written for Coder may use either.
  private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
      "ns", 1L, "us", 1_000L, "\u00b5s", 1_000L, "\u03bcs", 1_000L, "ms", 1_000_000L,
      "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

  private Durations() {}

  /**
   * Parses {@code text}; {@code field} is the manifest path named in the error.
   *
   * @throws InvalidDurationException for empty, negative, malformed or absurdly long values
   */
  public static Duration parse(String field, String text) {
    if (text == null || text.isEmpty()) {
      throw invalid(field, "must not be empty: write a duration " + EXAMPLES);
    }
    if (text.startsWith("-")) {
      throw invalid(field, quote(text) + " must not be negative");
    }
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    BigDecimal nanos = BigDecimal.ZERO;
    int i = 0;
    while (i < text.length()) {
      int numberStart = i;
      while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
        i++;
      }
      String number = text.substring(numberStart, i);
      if (!number.matches("\\d+(\\.\\d*)?|\\.\\d+")) {
        throw invalid(field, quote(text) + " is not a duration: write numbers with units, " + EXAMPLES);
      }
      int unitStart = i;
      while (i < text.length() && !Character.isDigit(text.charAt(i)) && text.charAt(i) != '.') {
        i++;
      }
      String unit = text.substring(unitStart, i);
      if (unit.isEmpty()) {
        throw invalid(field, quote(text) + " has no unit after " + number + ": use one of " + UNITS + ", " + EXAMPLES);
      }
      Long perUnit = NANOS_PER_UNIT.get(unit);
      if (perUnit == null) {
        String hint = unit.equals("d") || unit.equals("w") ? " (days and weeks are not supported: write hours, e.g. 72h)" : "";
        throw invalid(field, quote(text) + " has unknown unit " + quote(unit) + ": use one of " + UNITS + hint);
      }
      nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(perUnit)));
    }
    if (nanos.compareTo(BigDecimal.valueOf(MAX.toNanos())) > 0) {
      throw invalid(field, quote(text) + " is longer than 10 years (" + format(MAX) + ")");
    }
    // Go truncates fractions of a nanosecond; so do we.
    return Duration.ofNanos(nanos.setScale(0, RoundingMode.DOWN).longValueExact());
  }

  /** The problem with {@code text}, if any; null or empty counts as unset and is fine. */
  public static Optional<Problem> check(String field, String text) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    try {
      parse(field, text);
      return Optional.empty();
    } catch (InvalidDurationException e) {
      return Optional.of(e.problem());
    }
  }

  /** The compact form {@link #parse} accepts: "1h30m", "45s", "1s500ms", "0"; hours are never folded into days. */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0";
    }
    if (duration.isNegative()) {
      return "-" + format(duration.negated());
    }
    StringBuilder out = new StringBuilder();
    append(out, duration.toHours(), "h");
    append(out, duration.toMinutesPart(), "m");
    append(out, duration.toSecondsPart(), "s");
    int nanos = duration.toNanosPart();
    append(out, nanos / 1_000_000, "ms");
    append(out, nanos / 1_000 % 1_000, "us");
    append(out, nanos % 1_000, "ns");
    return out.toString();
  }

  private static void append(StringBuilder out, long amount, String unit) {
    if (amount != 0) {
      out.append(amount).append(unit);
    }
  }

  private static InvalidDurationException invalid(String field, String message) {
    return new InvalidDurationException(new Problem(field, message));
  }
}
