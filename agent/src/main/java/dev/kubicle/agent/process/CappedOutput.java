package dev.kubicle.agent.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Keeps the first N bytes of a stream and drains the rest, so a chatty command neither blocks nor fills memory. */
public final class CappedOutput {
  private final int maxBytes;
  // One byte past the cap tells whether the cut falls inside a multibyte character.
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private volatile boolean truncated;

  public CappedOutput(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Reads until end of stream; meant for its own thread. */
  public void drain(InputStream in) {
    byte[] buffer = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        append(buffer, n);
      }
    } catch (IOException e) {
      // The process went away or the stream was closed after a timeout: keep what arrived.
    }
  }

  private synchronized void append(byte[] buffer, int n) {
    int room = maxBytes + 1 - kept.size();
    if (room > 0) {
      kept.write(buffer, 0, Math.min(room, n));
    }
    if (kept.size() > maxBytes) {
      truncated = true;
    }
  }

  public boolean truncated() {
    return truncated;
  }

  /** The kept bytes as UTF-8, cut on a character boundary at or below the cap. */
  public synchronized String text() {
    return new String(utf8Prefix(kept.toByteArray(), maxBytes), StandardCharsets.UTF_8);
  }

  /** At most {@code max} bytes of {@code bytes}, never ending inside a UTF-8 sequence that continues past the cut. */
  public static byte[] utf8Prefix(byte[] bytes, int max) {
    if (bytes.length <= max) {
      return bytes;
    }
    int cut = max;
    // Step back while the first dropped byte continues a character (10xxxxxx): that character would be split.
    // A UTF-8 character has at most three continuation bytes; invalid input is cut where it is.
    while (cut > 0 && max - cut < 3 && (bytes[cut] & 0xC0) == 0x80) {
      cut--;
    }
    byte[] prefix = new byte[cut];
    System.arraycopy(bytes, 0, prefix, 0, cut);
    return prefix;
  }
}
