package dev.kubicle.agent.requests;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of exact-text replacements. The edit knows where every match is, so the changed lines come from the
 * match positions directly: exact, linear in the file size, no general diff algorithm needed.
 */
public final class UnifiedDiff {
  static final int CONTEXT = 3;

  private UnifiedDiff() {}

  /** Old lines [from, to) replaced by {@code newLines}. */
  record Change(int from, int to, List<String> newLines) {
    int delta() {
      return newLines.size() - (to - from);
    }
  }

  /**
   * The diff of replacing, in {@code oldText}, the {@code oldLength} characters at each of {@code matches} (ascending,
   * not overlapping) by {@code newText}.
   */
  public static String forReplacements(String label, String oldText, List<Integer> matches, int oldLength,
      String newText) {
    List<String> oldLines = Lines.split(oldText);
    int[] lineStarts = new int[oldLines.size() + 1];
    for (int i = 0, offset = 0; i < oldLines.size(); i++) {
      lineStarts[i] = offset;
      offset += oldLines.get(i).length();
    }
    lineStarts[oldLines.size()] = oldText.length();
    List<Change> changes = new ArrayList<>();
    int m = 0;
    while (m < matches.size()) {
      int first = lineOf(lineStarts, matches.get(m));
      int last = lineOf(lineStarts, matches.get(m) + oldLength - 1);
      int next = m + 1;
      String segment;
      while (true) {
        // Take every further match that touches the lines taken so far.
        while (next < matches.size() && lineOf(lineStarts, matches.get(next)) <= last) {
          last = Math.max(last, lineOf(lineStarts, matches.get(next) + oldLength - 1));
          next++;
        }
        segment = replaceIn(oldText, lineStarts[first], lineStarts[last + 1], matches.subList(m, next), oldLength,
            newText);
        // A replacement that removed the line's newline joins it with the following line: that line changed too.
        if (!segment.isEmpty() && !segment.endsWith("\n") && last + 1 < oldLines.size()) {
          last++;
          continue;
        }
        break;
      }
      changes.add(new Change(first, last + 1, Lines.split(segment)));
      m = next;
    }
    return format(label, oldLines, changes);
  }

  private static String replaceIn(String text, int from, int to, List<Integer> matches, int oldLength,
      String newText) {
    StringBuilder out = new StringBuilder();
    int position = from;
    for (int match : matches) {
      out.append(text, position, match).append(newText);
      position = match + oldLength;
    }
    return out.append(text, position, to).toString();
  }

  /** The index of the line holding character {@code offset}. */
  private static int lineOf(int[] lineStarts, int offset) {
    int low = 0;
    int high = lineStarts.length - 2;
    while (low < high) {
      int mid = (low + high + 1) >>> 1;
      if (lineStarts[mid] <= offset) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return low;
  }

  static String format(String label, List<String> oldLines, List<Change> changes) {
    StringBuilder out = new StringBuilder();
    label = label.replaceFirst("^/+", "");
    out.append("--- a/").append(label).append('\n');
    out.append("+++ b/").append(label).append('\n');
    int deltaBefore = 0;
    int i = 0;
    while (i < changes.size()) {
      // Changes whose context would touch share one hunk.
      int j = i;
      while (j + 1 < changes.size() && changes.get(j + 1).from - changes.get(j).to <= 2 * CONTEXT) {
        j++;
      }
      int start = Math.max(0, changes.get(i).from - CONTEXT);
      int end = Math.min(oldLines.size(), changes.get(j).to + CONTEXT);
      int delta = 0;
      for (int k = i; k <= j; k++) {
        delta += changes.get(k).delta();
      }
      int oldCount = end - start;
      int newCount = oldCount + delta;
      int newStart = start + deltaBefore;
      out.append("@@ -").append(oldCount == 0 ? start : start + 1).append(',').append(oldCount)
          .append(" +").append(newCount == 0 ? newStart : newStart + 1).append(',').append(newCount)
          .append(" @@\n");
      int line = start;
      for (int k = i; k <= j; k++) {
        Change change = changes.get(k);
        for (; line < change.from; line++) {
          appendLine(out, ' ', oldLines.get(line));
        }
        for (; line < change.to; line++) {
          appendLine(out, '-', oldLines.get(line));
        }
        for (String added : change.newLines) {
          appendLine(out, '+', added);
        }
      }
      for (; line < end; line++) {
        appendLine(out, ' ', oldLines.get(line));
      }
      deltaBefore += delta;
      i = j + 1;
    }
    return out.toString();
  }

  private static void appendLine(StringBuilder out, char prefix, String line) {
    out.append(prefix).append(line);
    if (!line.endsWith("\n")) {
      out.append("\n\\ No newline at end of file\n");
    }
  }
}
