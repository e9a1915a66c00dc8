package dev.kubicle.agent.ssh;

import com.pty4j.PtyProcess;
import com.pty4j.WinSize;
import dev.kubicle.agent.Threads;
import dev.kubicle.agent.Workspace;
import dev.kubicle.agent.process.ProcessGroups;
import dev.kubicle.agent.process.Ptys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * A shell or command for one SSH session channel: on a real PTY (pty4j) when the client asked for one, so {@code tty},
 * job control and full-screen programs work; on plain pipes otherwise, as OpenSSH does for {@code ssh host cmd}.
 * Output is copied with blocking reads until end of stream, so nothing a short command printed is lost at its exit.
 */
final class SessionCommand implements Command {
  private final Workspace workspace;
  private final String command;
  private InputStream in;
  private OutputStream out;
  private OutputStream err;
  private ExitCallback exit;
  private volatile Process process;
  private boolean pty;

  /** {@code command} null means an interactive login shell. */
  SessionCommand(Workspace workspace, String command) {
    this.workspace = workspace;
    this.command = command;
  }

  @Override
  public void setInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public void setOutputStream(OutputStream out) {
    this.out = out;
  }

  @Override
  public void setErrorStream(OutputStream err) {
    this.err = err;
  }

  @Override
  public void setExitCallback(ExitCallback callback) {
    this.exit = callback;
  }

  @Override
  public void start(ChannelSession channel, Environment env) throws IOException {
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
    Path dir = Files.isDirectory(workspace.directory()) ? workspace.directory()
        : Path.of(System.getProperty("user.home"));
    if (pty) {
      startOnPty(argv, vars, dir, env);
    } else {
      startOnPipes(argv, vars, dir);
    }
  }

  private void startOnPty(List<String> argv, Map<String, String> vars, Path dir, Environment env)
      throws IOException {
    vars.putIfAbsent("TERM", "xterm-256color");
    PtyProcess ptyProcess = Ptys.start(argv, vars, dir.toString(), size(env, Environment.ENV_COLUMNS, 80),
        size(env, Environment.ENV_LINES, 24));
    process = ptyProcess;
    env.addSignalListener((ch, signal) -> ptyProcess.setWinSize(
        new WinSize(size(env, Environment.ENV_COLUMNS, 80), size(env, Environment.ENV_LINES, 24))), Signal.WINCH);
    // The client's EOF must not close the pty master: that would hang up the terminal and kill the job with SIGHUP.
    Threads.start("kubicle-ssh-in", () -> copy(in, ptyProcess.getOutputStream(), false));
    Threads.start("kubicle-ssh-out", () -> {
      copy(ptyProcess.getInputStream(), out, false);
      finish();
    });
  }

  private void startOnPipes(List<String> argv, Map<String, String> vars, Path dir) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(ProcessGroups.inNewGroup(argv)).directory(dir.toFile());
    builder.environment().clear();
    builder.environment().putAll(vars);
    Process started = builder.start();
    process = started;
    CountDownLatch outputs = new CountDownLatch(2);
    // The client's EOF closes the command's stdin, so `cat` and friends end.
    Threads.start("kubicle-ssh-in", () -> copy(in, started.getOutputStream(), true));
    Threads.start("kubicle-ssh-err", () -> {
      copy(started.getErrorStream(), err, false);
      outputs.countDown();
    });
    Threads.start("kubicle-ssh-out", () -> {
      copy(started.getInputStream(), out, false);
      outputs.countDown();
      try {
        outputs.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      finish();
    });
  }

  private void finish() {
    int code;
    try {
      code = process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      code = -1;
    }
    try {
      out.flush();
      err.flush();
    } catch (IOException e) {
      // The channel is closing anyway.
    }
    exit.onExit(code);
  }

  private static void copy(InputStream from, OutputStream to, boolean closeTarget) {
    byte[] buffer = new byte[8192];
    try {
      int n;
      while ((n = from.read(buffer)) >= 0) {
        if (n > 0) {
          to.write(buffer, 0, n);
          to.flush();
        }
      }
    } catch (IOException e) {
      // Linux ends a pty with EIO once the process is gone; a closed channel ends the copy too.
    } finally {
      if (closeTarget) {
        try {
          to.close();
        } catch (IOException e) {
          // Nothing left to tell.
        }
      }
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
    Process running = process;
    if (running == null || !running.isAlive()) {
      return;
    }
    if (pty) {
      // pty4j's child leads its own session; ending it hangs up the terminal for the whole job tree.
      running.destroyForcibly();
    } else {
      ProcessGroups.killTree(running);
    }
  }
}
