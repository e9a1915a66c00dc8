package dev.kubicle.operator.provision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubicle.operator.store.LogText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Splitting a streamed pod log into lines as the bytes arrive. */
class LogLineSplitterTest {
  private final List<String> lines = new ArrayList<>();

  @Test
  void eachLineIsHandedOnAsSoonAsItsNewlineArrives() {
    LogLineSplitter splitter = new LogLineSplitter(0, lines::addAll);

    write(splitter, "Initializing...\nApply");
    assertThat(lines).containsExactly("Initializing...");
    write(splitter, "ing\r\nDone\n");
    assertThat(lines).containsExactly("Initializing...", "Applying", "Done");
    assertThat(splitter.seen()).isEqualTo(3);
  }

  @Test
  void linesAlreadyStoredAreSkippedWhenFollowingResumes() {
    LogLineSplitter splitter = new LogLineSplitter(2, lines::addAll);

    write(splitter, "one\ntwo\nthree\nfour\n");

    assertThat(lines).containsExactly("three", "four");
    assertThat(splitter.seen()).isEqualTo(4);
  }

  @Test
  void anUnterminatedLastLineCountsOnlyWhenTheLogIsComplete() {
    LogLineSplitter broken = new LogLineSplitter(0, lines::addAll);
    write(broken, "a\npart");
    broken.finish(false);
    assertThat(lines).containsExactly("a");
    assertThat(broken.seen()).as("the next attempt reads the partial line again").isEqualTo(1);

    LogLineSplitter ended = new LogLineSplitter(0, lines::addAll);
    write(ended, "last words");
    ended.finish(true);
    assertThat(lines).containsExactly("a", "last words");
  }

  @Test
  void aRunawayLineIsCutAtSixteenKibWithTheMarkerAndTheNextLineIsIntact() {
    LogLineSplitter splitter = new LogLineSplitter(0, lines::addAll);

    write(splitter, "x".repeat(100_000) + "\nnext\n");

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).endsWith(LogText.CUT_MARKER);
    assertThat(lines.get(0).getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(LogText.MAX_LINE_BYTES);
    assertThat(lines.get(1)).isEqualTo("next");
  }

  @Test
  void multiByteCharactersSplitAcrossWritesAreDecodedWhole() {
    LogLineSplitter splitter = new LogLineSplitter(0, lines::addAll);
    byte[] bytes = "grüße\n".getBytes(StandardCharsets.UTF_8);

    for (byte b : bytes) {
      splitter.write(new byte[] {b}, 0, 1);
    }

    assertThat(lines).containsExactly("grüße");
  }

  private static void write(LogLineSplitter splitter, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    splitter.write(bytes, 0, bytes.length);
  }
}
