package dev.kubicle.operator.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes the kubeconfig that points kubectl at the dev cluster: one cluster, one credential-less user, one context. */
final class DevKubeconfig {

  static final String CONTEXT = "kubicle-dev";

  private DevKubeconfig() {
  }

  /** The default location, {@code ~/.kubicle/dev/kubeconfig}. */
  static Path defaultPath() {
    return Path.of(System.getProperty("user.home"), ".kubicle", "dev", "kubeconfig");
  }

  /** The kubeconfig text for a server URL such as {@code http://127.0.0.1:16443}. */
  static String render(String serverUrl) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: %2$s
        users:
        - name: %1$s
          user: {}
        contexts:
        - name: %1$s
          context:
            cluster: %1$s
            user: %1$s
            namespace: default
        current-context: %1$s
        preferences: {}
        """.formatted(CONTEXT, serverUrl);
  }

  /**
   * Writes the file with mode 0600 (directories 0700 when created). The file is created under a temporary name
   * with its final mode and then moved, so it is never readable by others, not even for a moment.
   */
  static Path write(Path path, String serverUrl) {
    try {
      Path dir = path.toAbsolutePath().getParent();
      boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
      if (!Files.isDirectory(dir)) {
        if (posix) {
          Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectories(dir);
        }
      }
      Path temp = posix
          ? Files.createTempFile(dir, ".kubeconfig", ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
          : Files.createTempFile(dir, ".kubeconfig", ".tmp");
      Files.writeString(temp, render(serverUrl));
      try {
        Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
      }
      if (posix) {
        // An existing file keeps the mode of the moved temp file, but be explicit in case of odd umasks.
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
      }
      return path;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the dev cluster kubeconfig to " + path, e);
    }
  }
}
