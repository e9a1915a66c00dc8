package dev.kubicle.agent.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts commands in their own process group and kills whole groups, so a timeout leaves no grandchildren behind. */
public final class ProcessGroups {
  private static final String SETSID = findSetsid();

  private ProcessGroups() {}

  private static String findSetsid() {
    for (String candidate : new String[] {"/usr/bin/setsid", "/bin/setsid"}) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return null;
  }

  /**
   * Prefixes argv with {@code setsid -w} when available: the child leads a new group (and session) whose id is its
   * pid, and -w keeps the exit code should setsid have to fork.
   */
  public static List<String> inNewGroup(List<String> argv) {
    if (SETSID == null) {
      return argv;
    }
    List<String> wrapped = new ArrayList<>(argv.size() + 2);
    wrapped.add(SETSID);
    wrapped.add("-w");
    wrapped.addAll(argv);
    return wrapped;
  }

  /** Kills the process, its group and every descendant still visible; safe to call on a dead process. */
  public static void killTree(Process process) {
    // Snapshot descendants first: once the parent dies they are reparented and no longer found.
    List<ProcessHandle> descendants = process.descendants().toList();
    if (SETSID != null && process.isAlive()) {
      killGroup(process.pid());
    }
    for (ProcessHandle handle : descendants) {
      if (handle.isAlive()) {
        killGroup(handle.pid());
        handle.destroyForcibly();
      }
    }
    process.destroyForcibly();
  }

  private static void killGroup(long pgid) {
    // Java has no killpg; the shell's kill builtin exists wherever /bin/sh does. A pid that leads no group fails quietly.
    try {
      Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -KILL -- -" + pgid + " 2>/dev/null")
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (!kill.waitFor(2, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
      }
    } catch (Exception e) {
      // The descendants pass below still kills what it can see.
    }
  }
}
