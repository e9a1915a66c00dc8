package dev.kubicle.operator.store;

import java.nio.charset.StandardCharsets;

/**
 * Makes a line fit for the store: at most {@link #MAX_LINE_BYTES} bytes of UTF-8 (longer ones are cut, with a
 * marker saying so), and no NUL characters (PostgreSQL text cannot hold them).
 */
public final class LogText {
  /** 16 KiB: a line longer than this is binary noise or a runaway print, never something a person reads whole. */
  public static final int MAX_LINE_BYTES = 16 * 1024;
  public static final String CUT_MARKER = " …[line cut: longer than 16 KiB]";
  private static final int MARKER_BYTES = CUT_MARKER.getBytes(StandardCharsets.UTF_8).length;

  private LogText() {}

  public static String clean(String line) {
    if (line == null) {
      return "";
    }
    String text = line.indexOf('\0') >= 0 ? line.replace('\0', '\uFFFD') : line;
    if (text.length() * 3 <= MAX_LINE_BYTES) {
      return text; // cannot be too long, whatever it holds
    }
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= MAX_LINE_BYTES) {
      return text;
    }
    int end = MAX_LINE_BYTES - MARKER_BYTES;
    while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
      end--; // never split a character: back off to the start of the one that would be cut
    }
    return new String(utf8, 0, end, StandardCharsets.UTF_8) + CUT_MARKER;
  }

  /** UTF-8 bytes of the line as {@link #clean} stores it (at most about {@link #MAX_LINE_BYTES}), without copying. */
  public static long bytes(String line) {
    if (line == null) {
      return 0;
    }
    long bytes = 0;
    for (int i = 0; i < line.length() && bytes <= MAX_LINE_BYTES; i++) {
      char c = line.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return Math.min(bytes, MAX_LINE_BYTES);
  }

  /** Cuts a short field (names, details) to {@code max} characters. */
  public static String field(String value, int max) {
    if (value == null) {
      return null;
    }
    String text = value.indexOf('\0') >= 0 ? value.replace('\0', '\uFFFD') : value;
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
