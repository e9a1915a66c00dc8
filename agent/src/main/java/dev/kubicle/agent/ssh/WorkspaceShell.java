package dev.kubicle.agent.ssh;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import dev.kubicle.agent.Workspace;
import dev.kubicle.agent.process.ProcessGroups;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.server.shell.InvertedShell;

/**
 * A shell or command for one SSH session channel: on a real PTY (pty4j) when the client asked for one, so {@code tty},
 * job control and full-screen programs work; on plain pipes otherwise, as OpenSSH does for {@code ssh host cmd}.
 */
final class WorkspaceShell implements InvertedShell {
  private final Workspace workspace;
  private final String command;
  private ServerSession session;
  private ChannelSession channel;
  private Process process;
  private boolean pty;

  /** {@code command} null means an interactive login shell. */
  WorkspaceShell(Workspace workspace, String command) {
    this.workspace = workspace;
    this.command = command;
  }

  @Override
  public void start(ChannelSession channel, Environment env) throws IOException {
    this.channel = channel;
    // Only a pty-req sets the window size; env requests cannot fake it.
    pty = !env.getPtyModes().isEmpty() || env.getEnv().containsKey(Environment.ENV_COLUMNS);
    String shell = workspace.shell();
    List<String> argv = command == null ? List.of(shell, "-l") : List.of(shell, "-c", command);
    Map<String, String> vars = workspace.childEnv();
    env.getEnv().forEach((name, value) -> {
      // USER is the SSH login name, which need not be the workspace's OS user; the size belongs to the pty.
      if (!name.equals(Environment.ENV_USER) && !name.equals(Environment.ENV_COLUMNS)
          && !name.equals(Environment.ENV_LINES)) {
        vars.put(name, value);
      }
    });
    Path dir = Files.isDirectory(workspace.directory()) ? workspace.directory() : Path.of(System.getProperty("user.home"));
    if (pty) {
      vars.putIfAbsent("TERM", "xterm-256color");
      PtyProcess ptyProcess = new PtyProcessBuilder(argv.toArray(String[]::new))
          .setEnvironment(vars)
          .setDirectory(dir.toString())
          .setConsole(false)
          .setInitialColumns(size(env, Environment.ENV_COLUMNS, 80))
          .setInitialRows(size(env, Environment.ENV_LINES, 24))
          .start();
      env.addSignalListener((ch, signal) -> ptyProcess.setWinSize(
          new WinSize(size(env, Environment.ENV_COLUMNS, 80), size(env, Environment.ENV_LINES, 24))), Signal.WINCH);
      process = ptyProcess;
    } else {
      ProcessBuilder builder = new ProcessBuilder(ProcessGroups.inNewGroup(argv)).directory(dir.toFile());
      builder.environment().clear();
      builder.environment().putAll(vars);
      process = builder.start();
    }
  }

  private static int size(Environment env, String name, int fallback) {
    try {
      int value = Integer.parseInt(env.getEnv().getOrDefault(name, ""));
      return value > 0 ? value : fallback;
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  @Override
  public void destroy(ChannelSession channel) {
    if (process == null) {
      return;
    }
    if (pty) {
      // pty4j's child leads its own session; destroying it hangs up the terminal for the whole job tree.
      process.destroyForcibly();
    } else {
      ProcessGroups.killTree(process);
    }
  }

  @Override
  public OutputStream getInputStream() {
    return process.getOutputStream();
  }

  @Override
  public InputStream getOutputStream() {
    return process.getInputStream();
  }

  @Override
  public InputStream getErrorStream() {
    // On a pty stderr is the terminal too; there is no separate stream to pump.
    return pty ? new ByteArrayInputStream(new byte[0]) : process.getErrorStream();
  }

  @Override
  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public int exitValue() {
    return process.exitValue();
  }

  @Override
  public ServerSession getServerSession() {
    return session;
  }

  @Override
  public void setSession(ServerSession session) {
    this.session = session;
  }

  @Override
  public ChannelSession getServerChannelSession() {
    return channel;
  }
}
