package dev.kubicle.operator.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A Linux network namespace (root only) for the dev gateway, tests and benchmarks: made with {@code ip netns add},
 * joined to others with veth pairs, and on close every process still in it is killed (by pid) and the namespace
 * deleted, which also removes the veth pairs that have an end in it.
 */
public final class NetworkNamespace implements AutoCloseable {
  private final String name;

  private NetworkNamespace(String name) {
    this.name = name;
  }

  /** Why the real-network tests cannot run here, or null when they can. */
  public static String whyUnavailable(String... programs) {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "needs root (network namespaces, WireGuard, nftables); run as root where `ip netns` works";
    }
    for (String program : programs) {
      if (!Commands.available(program)) {
        return program + " is not installed (.ci/run installs it)";
      }
    }
    return null;
  }

  /** A fresh namespace named {@code <prefix>-<random>}. */
  public static NetworkNamespace create(String prefix) throws IOException {
    return createNamed(prefix + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff)));
  }

  /** A fresh namespace of exactly this name; fails when one of that name exists. */
  public static NetworkNamespace createNamed(String name) throws IOException {
    Commands.run(List.of("ip", "netns", "add", name), null);
    NetworkNamespace ns = new NetworkNamespace(name);
    ns.run("ip", "link", "set", "lo", "up");
    return ns;
  }

  /** A random interface name (at most 15 characters), unique enough for concurrent runs on one machine. */
  public static String interfaceName(String prefix) {
    return prefix + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
  }

  public String name() {
    return name;
  }

  /** Whether a namespace of this name exists. */
  public static boolean exists(String name) throws IOException {
    return Files.exists(Path.of("/run/netns", name))
        || List.of(Commands.run(List.of("ip", "netns", "list"), null).split("\\s+")).contains(name);
  }

  /** The ids of the processes running in the named namespace (empty when none or when it does not exist). */
  public static List<Long> pids(String name) throws IOException {
    String pids = Commands.attempt(List.of("ip", "netns", "pids", name), null).stdout().strip();
    return pids.isEmpty() ? List.of() : java.util.Arrays.stream(pids.split("\\s+")).map(Long::parseLong).toList();
  }

  /** Deletes a namespace left behind by a process that was killed, with whatever still runs in it. */
  public static void removeLeftover(String name) {
    new NetworkNamespace(name).close();
  }

  /** The command prefix that runs a program inside this namespace. */
  public List<String> prefix() {
    return List.of("ip", "netns", "exec", name);
  }

  /** Runs a command inside the namespace and returns its stdout; fails with its stderr. */
  public String run(String... command) throws IOException {
    return Commands.run(inside(List.of(command)), null);
  }

  /** Runs a command inside the namespace, feeding it stdin. */
  public String runWithInput(String stdin, String... command) throws IOException {
    return Commands.run(inside(List.of(command)), stdin);
  }

  /** Runs a command inside the namespace and returns how it ended. */
  public Commands.Result attempt(String... command) throws IOException {
    return Commands.attempt(inside(List.of(command)), null);
  }

  /** Starts a long-running process inside the namespace, its output going to {@code log}. */
  public Process spawn(List<String> command, Path log, java.util.Map<String, String> env) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(inside(command)).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    return pb.start();
  }

  /**
   * Joins this namespace to {@code other} (null: the namespace this JVM runs in) with a veth pair, addresses in CIDR
   * form on each end, both ends up.
   */
  public void link(NetworkNamespace other, String here, String hereAddress, String there, String thereAddress)
      throws IOException {
    Commands.run(List.of("ip", "link", "add", here, "netns", name, "type", "veth", "peer", "name", there, "netns",
        other == null ? Long.toString(ProcessHandle.current().pid()) : other.name), null);
    run("ip", "address", "add", hereAddress, "dev", here);
    run("ip", "link", "set", here, "up");
    List<String> thereCommands = other == null ? List.of() : other.prefix();
    List<String> addAddress = new ArrayList<>(thereCommands);
    addAddress.addAll(List.of("ip", "address", "add", thereAddress, "dev", there));
    Commands.run(addAddress, null);
    List<String> up = new ArrayList<>(thereCommands);
    up.addAll(List.of("ip", "link", "set", there, "up"));
    Commands.run(up, null);
  }

  private List<String> inside(List<String> command) {
    List<String> all = new ArrayList<>(prefix());
    all.addAll(command);
    return all;
  }

  @Override
  public void close() {
    try {
      for (int round = 0; round < 3; round++) {
        List<Long> pids = pids(name);
        if (pids.isEmpty()) {
          break;
        }
        for (long pid : pids) {
          ProcessHandle.of(pid).ifPresent(p -> {
            p.destroy();
            try {
              p.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
              p.destroyForcibly();
            }
          });
        }
      }
      Commands.attempt(List.of("ip", "netns", "del", name), null);
    } catch (IOException e) {
      System.err.println("could not remove network namespace " + name + ": " + e.getMessage());
    }
  }

  /** Writes a file only root may read (keys). */
  public static Path privateFile(Path path, String content) throws IOException {
    Files.writeString(path, content, StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    return path;
  }
}
