package dev.kubicle.operator.provision.local;

import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.kube.Names;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The folder of one local workspace: {@code home/} (the workspace's files, kept across stops), the agent's pid,
 * log, SSH host key and port. Named by namespace, name and a piece of the UID, so a re-created workspace of the
 * same name never inherits an old one's files.
 */
final class LocalWorkspaceDir {
  private final Path root;

  LocalWorkspaceDir(Path base, Workspace ws) {
    // The dev cluster hands out UIDs in sequence from the same start each run; with the creation time they are
    // unique across runs too, so a new workspace never picks up a folder (or a pid) of an earlier run.
    String identity = ws.getMetadata().getUid() + "@" + ws.getMetadata().getCreationTimestamp();
    this.root = base.resolve(ws.getMetadata().getNamespace())
        .resolve(ws.getMetadata().getName() + "-" + Names.shortHash(identity));
  }

  Path root() {
    return root;
  }

  Path home() {
    return root.resolve("home");
  }

  Path log() {
    return root.resolve("agent.log");
  }

  Path hostKey() {
    return root.resolve("ssh_host_key");
  }

  void create() throws IOException {
    Files.createDirectories(home());
  }

  Optional<Long> pid() {
    return readLong(root.resolve("agent.pid"));
  }

  void pid(long pid) throws IOException {
    Files.writeString(root.resolve("agent.pid"), Long.toString(pid));
  }

  Optional<Integer> sshPort() {
    return readLong(root.resolve("ssh.port")).map(Long::intValue);
  }

  void sshPort(int port) throws IOException {
    Files.writeString(root.resolve("ssh.port"), Integer.toString(port));
  }

  /** The last lines of the agent's log, for a failed start's message. */
  String logTail() {
    try {
      if (!Files.exists(log())) {
        return "";
      }
      String text = Files.readString(log());
      return text.length() <= 4096 ? text : text.substring(text.length() - 4096);
    } catch (IOException e) {
      return "";
    }
  }

  void delete() throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static Optional<Long> readLong(Path file) {
    try {
      return Files.exists(file) ? Optional.of(Long.parseLong(Files.readString(file).strip())) : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
