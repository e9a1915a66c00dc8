package dev.kubicle.agent.requests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnifiedDiffTest {
  private static String diff(String text, String oldText, String newText) {
    List<Integer> matches = new ArrayList<>();
    for (int at = text.indexOf(oldText); at >= 0; at = text.indexOf(oldText, at + oldText.length())) {
      matches.add(at);
    }
    return UnifiedDiff.forReplacements("f.txt", text, matches, oldText.length(), newText);
  }

  private static String numbered(int from, int to) {
    StringBuilder out = new StringBuilder();
    for (int i = from; i <= to; i++) {
      out.append("line").append(i).append('\n');
    }
    return out.toString();
  }

  @Test
  void farApartReplacementsGetTheirOwnHunksWithThreeLinesOfContext() {
    String text = numbered(1, 20).replace("line2\n", "x\n").replace("line18\n", "x\n");

    assertThat(diff(text, "x\n", "y\n")).isEqualTo("""
        --- a/f.txt
        +++ b/f.txt
        @@ -1,5 +1,5 @@
         line1
        -x
        +y
         line3
         line4
         line5
        @@ -15,6 +15,6 @@
         line15
         line16
         line17
        -x
        +y
         line19
         line20
        """);
  }

  @Test
  void deletingWholeLinesShiftsTheNewSideNumbers() {
    String text = numbered(1, 10);

    assertThat(diff(text, "line4\nline5\n", "")).isEqualTo("""
        --- a/f.txt
        +++ b/f.txt
        @@ -1,8 +1,6 @@
         line1
         line2
         line3
        -line4
        -line5
         line6
         line7
         line8
        """);
  }

  @Test
  void removingANewlineJoinsTwoLinesAndShowsBothAsChanged() {
    assertThat(diff("a\nb\nc\n", "b\n", "B")).isEqualTo("""
        --- a/f.txt
        +++ b/f.txt
        @@ -1,3 +1,2 @@
         a
        -b
        -c
        +Bc
        """);
  }

  @Test
  void aLastLineWithoutNewlineIsMarked() {
    assertThat(diff("a\nb", "b", "c")).isEqualTo("""
        --- a/f.txt
        +++ b/f.txt
        @@ -1,2 +1,2 @@
         a
        -b
        \\ No newline at end of file
        +c
        \\ No newline at end of file
        """);
  }

  @Test
  void severalMatchesOnOneLineAreOneChange() {
    assertThat(diff("x x x\nend\n", "x", "yy")).isEqualTo("""
        --- a/f.txt
        +++ b/f.txt
        @@ -1,2 +1,2 @@
        -x x x
        +yy yy yy
         end
        """);
  }
}
