package dev.kubicle.agent.requests;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Replaces a file's content atomically: a reader sees the old bytes or the new ones, never a mix. */
final class AtomicFiles {
  /** New files get the usual rw-r--r--; the agent cannot ask the kernel for the umask. */
  private static final Set<PosixFilePermission> NEW_FILE_MODE = PosixFilePermissions.fromString("rw-r--r--");

  private AtomicFiles() {}

  /** Writes to a temporary file beside the target, keeps the target's mode, then renames over it. */
  static void replace(Path target, byte[] content) throws IOException {
    // Through a symlink, the link stays and its target changes, as an editor would do it.
    Path real = Files.exists(target) ? target.toRealPath() : target.toAbsolutePath();
    Set<PosixFilePermission> mode = Files.exists(real) ? Files.getPosixFilePermissions(real) : NEW_FILE_MODE;
    Path temp = Files.createTempFile(real.getParent(), "." + real.getFileName() + ".", ".kubicle-tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        // Durable before visible: after a crash the file is old or new, not empty.
        channel.force(true);
      }
      Files.setPosixFilePermissions(temp, mode);
      try {
        Files.move(temp, real, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, real, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
