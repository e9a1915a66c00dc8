package dev.kubicle.operator.gateway;

import java.util.regex.Pattern;

/** Small IPv4 helpers: the gateway only ever handles dotted quads it has checked. */
final class Addresses {
  private static final Pattern DOTTED = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)"
      + "(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

  private Addresses() {}

  /** Whether the text is a canonical dotted-quad IPv4 address (no leading zeros, no spaces). */
  static boolean isIpv4(String text) {
    return text != null && DOTTED.matcher(text).matches();
  }

  static long value(String address) {
    long result = 0;
    for (String part : address.split("\\.")) {
      result = (result << 8) | Integer.parseInt(part);
    }
    return result;
  }

  /** Numeric order, so 100.64.0.9 sorts before 100.64.0.10. */
  static int compare(String a, String b) {
    if (isIpv4(a) && isIpv4(b)) {
      return Long.compare(value(a), value(b));
    }
    return a.compareTo(b);
  }
}
