package dev.kubicle.operator.provision;

import dev.kubicle.operator.store.LogText;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns a streamed log (bytes as they arrive) into lines, handing each complete line on at once, so a reader of
 * the store sees it while the build runs. Skips the first {@code skip} lines (already stored before a restart or a
 * broken stream), keeps at most 16 KiB of any line in memory, and drops a trailing {@code \r}.
 */
final class LogLineSplitter extends OutputStream {
  private final long skip;
  private final Consumer<List<String>> sink;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  private boolean overlong;
  private long seen;

  LogLineSplitter(long skip, Consumer<List<String>> sink) {
    this.skip = skip;
    this.sink = sink;
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      emit();
    } else if (line.size() <= LogText.MAX_LINE_BYTES) {
      line.write(b);
    } else {
      overlong = true; // the rest of this line is dropped; LogText marks the cut
    }
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      write(bytes[i]);
    }
  }

  /**
   * The stream ended. {@code complete}: the log is whole (the container exited), so an unterminated last line
   * counts; otherwise it is left for the next attempt, which reads it again in full.
   */
  synchronized void finish(boolean complete) {
    if (complete && (line.size() > 0 || overlong)) {
      emit();
    }
    line.reset();
    overlong = false;
  }

  /** Lines seen so far, skipped ones included: where the next attempt resumes. */
  synchronized long seen() {
    return seen;
  }

  private void emit() {
    seen++;
    byte[] bytes = line.toByteArray();
    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
    String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
    line.reset();
    overlong = false;
    if (seen > skip) {
      sink.accept(List.of(LogText.clean(text)));
    }
  }
}
