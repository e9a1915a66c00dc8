package dev.kubicle.agent.process;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts processes on a pseudo-terminal (pty4j) with their window size set before the program runs. */
public final class Ptys {
  private Ptys() {}

  /**
   * pty4j sets the initial size from the parent after the child started, so a quick program can see 0x0. Setting it
   * with stty inside the terminal first, then exec'ing the program, makes the size deterministic; without stty the
   * parent's later resize still applies.
   */
  public static PtyProcess start(List<String> argv, Map<String, String> env, String dir, int cols, int rows)
      throws IOException {
    List<String> command = new ArrayList<>(List.of("/bin/sh", "-c",
        "stty cols \"$1\" rows \"$2\" 2>/dev/null; shift 2; exec \"$@\"", "sh",
        Integer.toString(cols), Integer.toString(rows)));
    command.addAll(argv);
    return new PtyProcessBuilder(command.toArray(String[]::new))
        .setEnvironment(env)
        .setDirectory(dir)
        .setConsole(false)
        .setInitialColumns(cols)
        .setInitialRows(rows)
        .start();
  }
}
