package dev.kubicle.operator.dev;

import io.fabric8.mockwebserver.http.MockResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code Warning: 299} headers a write's answer carries, as kube-apiserver writes them: one per warning, at most
 * {@link #MAX_BYTES} in all, each a quoted string that an HTTP header can hold.
 */
final class WarningHeaders {
  /** As kube-apiserver: warnings beyond 4 KiB in all are left out. */
  static final int MAX_BYTES = 4096;

  private final List<String> warnings = new ArrayList<>();

  void add(String warning) {
    warnings.add(warning);
  }

  /** Adds the headers to a successful answer; an error answer carries none. */
  MockResponse on(MockResponse response) {
    if (response.code() / 100 != 2) {
      return response;
    }
    int bytes = 0;
    for (String warning : warnings) {
      String value = "299 - \"" + headerSafe(warning) + "\"";
      bytes += value.length();
      if (bytes > MAX_BYTES) {
        break;
      }
      response.addHeader("Warning", value);
    }
    return response;
  }

  /**
   * The warning as a quoted-string an HTTP header can carry: a field name may hold any character (NUL, newlines,
   * Arabic), and one the HTTP server refuses to write would leave the client waiting for an answer forever.
   */
  static String headerSafe(String warning) {
    StringBuilder out = new StringBuilder(warning.length());
    for (int i = 0; i < warning.length(); i++) {
      char c = warning.charAt(i);
      if (c == '\\' || c == '"') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
