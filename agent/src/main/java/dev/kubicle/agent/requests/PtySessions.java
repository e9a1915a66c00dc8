package dev.kubicle.agent.requests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.pty4j.PtyProcess;
import com.pty4j.WinSize;
import dev.kubicle.agent.Json;
import dev.kubicle.agent.Threads;
import dev.kubicle.agent.Workspace;
import dev.kubicle.agent.connection.FrameSink;
import dev.kubicle.agent.process.Ptys;
import dev.kubicle.agent.lifecycle.SessionCounter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Terminals for the web console: {@code pty_open/input/resize/close}, output as {@code pty_output}/{@code pty_exit}. */
public final class PtySessions {
  private static final Logger log = LoggerFactory.getLogger(PtySessions.class);

  private final Workspace workspace;
  private final FrameSink sink;
  private final SessionCounter sessions;
  private final Map<String, Terminal> terminals = new ConcurrentHashMap<>();
  /** How long pty_close waits after SIGTERM before SIGKILL. */
  static final long CLOSE_GRACE_MS = 2000;

  /** One open terminal; keystrokes go through its own writer so a process that stops reading blocks nobody else. */
  private record Terminal(PtyProcess process, ExecutorService writer) {}

  public PtySessions(Workspace workspace, FrameSink sink, SessionCounter sessions) {
    this.workspace = workspace;
    this.sink = sink;
    this.sessions = sessions;
  }

  public ObjectNode open(JsonNode json) throws Exception {
    Params params = new Params(json);
    String ptyId = params.requiredText("ptyId");
    String command = params.text("command", null);
    int cols = (int) params.number("cols", 80);
    int rows = (int) params.number("rows", 24);
    if (terminals.containsKey(ptyId)) {
      throw RequestError.badRequest("pty " + ptyId + " is already open");
    }
    String shell = workspace.shell();
    String[] argv = command == null || command.isBlank() ? new String[] {shell, "-l"} : new String[] {shell, "-c", command};
    Map<String, String> env = workspace.childEnv();
    env.put("TERM", "xterm-256color");
    String dir = Files.isDirectory(workspace.directory()) ? workspace.directory().toString()
        : System.getProperty("user.home");
    PtyProcess process;
    try {
      process = Ptys.start(List.of(argv), env, dir, cols, rows);
    } catch (IOException e) {
      throw new RequestError("io_error", "cannot start " + Arrays.toString(argv) + ": " + e.getMessage());
    }
    Terminal terminal = new Terminal(process, Executors.newSingleThreadExecutor(Threads.daemon("kubicle-pty-in")));
    if (terminals.putIfAbsent(ptyId, terminal) != null) {
      process.destroyForcibly();
      throw RequestError.badRequest("pty " + ptyId + " is already open");
    }
    sessions.opened(SessionCounter.Kind.TERMINAL);
    Threads.start("kubicle-pty-out", () -> pump(ptyId, terminal));
    return Json.MAPPER.createObjectNode();
  }

  public ObjectNode input(JsonNode json) throws Exception {
    Params params = new Params(json);
    Terminal terminal = find(params.requiredText("ptyId"));
    byte[] data;
    try {
      data = Base64.getDecoder().decode(params.requiredText("data"));
    } catch (IllegalArgumentException e) {
      throw RequestError.badRequest("params.data must be base64");
    }
    terminal.writer.execute(() -> {
      try {
        terminal.process.getOutputStream().write(data);
        terminal.process.getOutputStream().flush();
      } catch (IOException e) {
        log.debug("pty input dropped: {}", e.toString());
      }
    });
    return Json.MAPPER.createObjectNode();
  }

  public ObjectNode resize(JsonNode json) throws Exception {
    Params params = new Params(json);
    Terminal terminal = find(params.requiredText("ptyId"));
    int cols = (int) params.number("cols", 0);
    int rows = (int) params.number("rows", 0);
    if (cols <= 0 || rows <= 0) {
      throw RequestError.badRequest("params.cols and params.rows must be positive");
    }
    terminal.process.setWinSize(new WinSize(cols, rows));
    return Json.MAPPER.createObjectNode();
  }

  public ObjectNode close(JsonNode json) throws Exception {
    Params params = new Params(json);
    Terminal terminal = find(params.requiredText("ptyId"));
    // pty_exit follows from the output pump when the process is gone. An interactive shell ignores SIGTERM, so a
    // terminal that is still there after a grace period is killed (its jobs then get the hangup).
    PtyProcess process = terminal.process;
    process.destroy();
    CompletableFuture.delayedExecutor(CLOSE_GRACE_MS, TimeUnit.MILLISECONDS).execute(() -> {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
    });
    return Json.MAPPER.createObjectNode();
  }

  /** Ends every terminal (shutdown). */
  public void closeAll() {
    terminals.values().forEach(t -> t.process.destroyForcibly());
  }

  private Terminal find(String ptyId) throws RequestError {
    Terminal terminal = terminals.get(ptyId);
    if (terminal == null) {
      throw new RequestError("not_found", "no open pty " + ptyId);
    }
    return terminal;
  }

  private void pump(String ptyId, Terminal terminal) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream out = terminal.process.getInputStream()) {
      int n;
      while ((n = out.read(buffer)) >= 0) {
        if (n > 0) {
          ObjectNode frame = Json.frame("pty_output");
          frame.put("ptyId", ptyId);
          frame.put("data", Base64.getEncoder().encodeToString(Arrays.copyOf(buffer, n)));
          sink.send(frame);
        }
      }
    } catch (IOException e) {
      // Linux reports the end of a pty as EIO once the process is gone.
    }
    int exitCode;
    try {
      exitCode = terminal.process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exitCode = -1;
    }
    terminals.remove(ptyId);
    terminal.writer.shutdownNow();
    sessions.closed(SessionCounter.Kind.TERMINAL);
    ObjectNode exit = Json.frame("pty_exit");
    exit.put("ptyId", ptyId);
    exit.put("exitCode", exitCode);
    sink.send(exit);
  }
}
