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

  /** Numeric order, so 100.64.0.9 sorts before 100.64.0.10; anything else after, by text. */
  static int compare(String a, String b) {
    long x = quickValue(a);
    long y = quickValue(b);
    if (x >= 0 && y >= 0) {
      return Long.compare(x, y);
    }
    return x >= 0 ? -1 : y >= 0 ? 1 : a.compareTo(b);
  }

  /**
   * The address as a number, or -1 when it is not four decimal parts of 0-255. No regex: sorted sets of a thousand
   * pairs compare tens of thousands of times per sync.
   */
  private static long quickValue(String text) {
    long result = 0;
    int parts = 0;
    int part = -1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        part = part < 0 ? c - '0' : part * 10 + (c - '0');
        if (part > 255) {
          return -1;
        }
      } else if (c == '.' && part >= 0 && parts < 3) {
        result = (result << 8) | part;
        parts++;
        part = -1;
      } else {
        return -1;
      }
    }
    return parts == 3 && part >= 0 ? (result << 8) | part : -1;
  }
}
