package dev.kubicle.operator.store.jdbc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * Whether the SQLite store's volume has more free space than the reserve kept for audit entries (log writes pause
 * below it, so a log flood cannot take the last of the disk). Asked before every log batch (a statfs and a
 * PRAGMA, microseconds each), so the answer is kept for a tenth of a second at most.
 */
final class FreeSpace {
  static final long CHECK_EVERY_MS = 100;
  static final FreeSpace ALWAYS = new FreeSpace(() -> Long.MAX_VALUE, 0, () -> 0);

  private final LongSupplier usableBytes;
  private final long reserveBytes;
  private final LongSupplier millis;
  private long checkedAt = Long.MIN_VALUE / 2;
  private boolean room = true;

  FreeSpace(LongSupplier usableBytes, long reserveBytes, LongSupplier millis) {
    this.usableBytes = usableBytes;
    this.reserveBytes = reserveBytes;
    this.millis = millis;
  }

  /**
   * The volume of {@code dir}, and the database's own cap when it has one ({@code maxBytes} &gt; 0, with
   * {@code usedBytes} read from the database).
   */
  static FreeSpace of(Path dir, long maxBytes, LongSupplier usedBytes, long reserveBytes) {
    return new FreeSpace(() -> {
      long volume;
      try {
        volume = Files.getFileStore(dir).getUsableSpace();
      } catch (IOException e) {
        volume = Long.MAX_VALUE; // cannot tell: the writes themselves will say whether the disk is full
      }
      if (maxBytes <= 0) {
        return volume;
      }
      try {
        return Math.min(volume, maxBytes - usedBytes.getAsLong());
      } catch (RuntimeException e) {
        return volume;
      }
    }, reserveBytes, System::currentTimeMillis);
  }

  synchronized boolean get() {
    long now = millis.getAsLong();
    if (reserveBytes > 0 && now - checkedAt >= CHECK_EVERY_MS) {
      checkedAt = now;
      room = usableBytes.getAsLong() > reserveBytes;
    }
    return room;
  }
}
