package dev.kubicle.operator.task;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;

/** Cuts tool output to a byte budget on a character boundary, saying how much was left out. */
final class OutputCap {
  private OutputCap() {}

  static String cap(String text, int maxBytes) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= maxBytes) {
      return text;
    }
    CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder();
    ByteBuffer out = ByteBuffer.allocate(maxBytes);
    CharBuffer in = CharBuffer.wrap(text);
    encoder.encode(in, out, true); // stops before a character that would not fit whole
    String kept = text.substring(0, in.position());
    return kept + "\n[output truncated: " + bytes.length + " bytes, showing the first " + out.position() + "]";
  }

  static int bytes(String text) {
    return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
  }
}
