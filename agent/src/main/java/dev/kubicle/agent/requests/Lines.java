package dev.kubicle.agent.requests;

import java.util.ArrayList;
import java.util.List;

/** Splits text into lines that keep their "\n", so joining them gives the text back byte for byte. */
final class Lines {
  private Lines() {}

  /** A trailing newline ends the last line; it does not start an empty one. */
  static List<String> split(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int newline = text.indexOf('\n', start);
      int end = newline < 0 ? text.length() : newline + 1;
      lines.add(text.substring(start, end));
      start = end;
    }
    return lines;
  }
}
