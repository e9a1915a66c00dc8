package dev.kubicle.agent.ssh;

import dev.kubicle.agent.Workspace;
import dev.kubicle.agent.lifecycle.SessionCounter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.nativefs.NativeFileSystemFactory;
import org.apache.sshd.common.session.SessionHeartbeatController.HeartbeatType;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.scp.server.ScpCommandFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.command.CommandFactory;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The workspace's SSH server: public keys from the manifest, real PTYs, exec, SFTP/scp and {@code ssh -L}. */
public final class AgentSshServer {
  private static final Logger log = LoggerFactory.getLogger(AgentSshServer.class);

  private final SshServer server;

  /** @param listen comma-separated addresses to bind, or null for every address */
  public AgentSshServer(String listen, int port, Path hostKeyPath, Workspace workspace, AuthorizedKeys keys,
      SessionCounter counter) throws IOException {
    server = SshServer.setUpDefaultServer();
    if (listen != null) {
      server.setHost(listen); // Apache SSHD binds each address of a comma-separated list
    }
    server.setPort(port);
    server.setKeyPairProvider(hostKey(hostKeyPath));
    server.setPublickeyAuthenticator(keys);
    // Keys only: a workspace has no passwords to guess.
    server.setPasswordAuthenticator(null);
    server.setKeyboardInteractiveAuthenticator(null);
    server.setGSSAuthenticator(null);
    server.setHostBasedAuthenticator(null);
    server.setShellFactory(channel -> new SessionCommand(workspace, null));
    CommandFactory commands = (channel, command) -> new SessionCommand(workspace, command);
    server.setCommandFactory(new ScpCommandFactory.Builder().withDelegate(commands).build());
    server.setSubsystemFactories(List.of(new SftpSubsystemFactory.Builder().build()));
    server.setFileSystemFactory(NativeFileSystemFactory.INSTANCE);
    server.setForwardingFilter(new LocalForwardingOnly());
    server.addChannelListener(new SessionTracker(counter));
    // A workspace is mostly idle; two I/O threads are plenty and keep the footprint small.
    CoreModuleProperties.NIO_WORKERS.set(server, 2);
    // Like OpenSSH, no idle timeout (a quiet shell is not a dead one); heartbeats let TCP notice dead peers.
    CoreModuleProperties.IDLE_TIMEOUT.set(server, Duration.ZERO);
    server.setSessionHeartbeat(HeartbeatType.IGNORE, Duration.ofSeconds(30));
  }

  /** Starts listening; returns the bound port (useful when 0 asked for a free one). */
  public int start() throws IOException {
    server.start();
    log.info("SSH listening on port {}", server.getPort());
    return server.getPort();
  }

  public void stop() {
    try {
      server.stop(true);
    } catch (IOException e) {
      log.debug("SSH stop: {}", e.toString());
    }
  }

  /** The host key survives restarts (clients remember it); made once with an owner-only mode. */
  private static SimpleGeneratorHostKeyProvider hostKey(Path path) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    SimpleGeneratorHostKeyProvider provider = new SimpleGeneratorHostKeyProvider(path);
    provider.setAlgorithm(KeyUtils.EC_ALGORITHM);
    provider.setKeySize(256);
    try {
      provider.loadKeys(null);
    } catch (Exception e) {
      throw new IOException("cannot load or create the SSH host key " + path + ": " + e.getMessage(), e);
    }
    if (Files.exists(path)) {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    }
    return provider;
  }
}
