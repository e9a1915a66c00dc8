package dev.kubicle.agent.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real agent started as a child JVM ({@code java -cp <test classpath> dev.kubicle.agent.Main}), as a pod would. */
public final class AgentProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  public final int sshPort;
  public final Path home;

  private AgentProcess(Process process, Path log, int sshPort, Path home) {
    this.process = process;
    this.log = log;
    this.sshPort = sshPort;
    this.home = home;
  }

  /** Starts an agent dialing {@code baseUrl} with {@code token}; {@code dir} is its workspace directory. */
  public static AgentProcess start(String baseUrl, String token, Path dir, Map<String, String> extraEnv)
      throws IOException {
    int sshPort = freePort();
    Path home = Files.createDirectories(dir.resolve(".agent-home"));
    Path log = dir.resolve("agent.log");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // Quick start matters more than peak speed for a short-lived test agent.
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"));
    // -Dkubicle.agent.jar=agent/target/kubicle-agent.jar runs the same tests against the shaded jar.
    String jar = System.getProperty("kubicle.agent.jar", "");
    if (jar.isBlank()) {
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.kubicle.agent.Main"));
    } else {
      command.addAll(List.of("-jar", Path.of(jar).toAbsolutePath().toString()));
    }
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("KUBICLE_"));
    env.put("KUBICLE_AGENT_URL", baseUrl);
    env.put("KUBICLE_AGENT_TOKEN", token);
    env.put("KUBICLE_AGENT_SSH_PORT", Integer.toString(sshPort));
    env.put("KUBICLE_AGENT_SSH_HOST_KEY", home.resolve("ssh_host_key").toString());
    env.put("KUBICLE_AGENT_DIR", dir.toString());
    env.put("SHELL", "/bin/sh");
    env.putAll(new HashMap<>(extraEnv));
    return new AgentProcess(builder.start(), log, sshPort, home);
  }

  public static AgentProcess start(String baseUrl, String token, Path dir) throws IOException {
    return start(baseUrl, token, dir, Map.of());
  }

  public Process process() {
    return process;
  }

  /** Everything the agent logged so far. */
  public String log() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(cannot read the agent log: " + e + ")";
    }
  }

  /** SIGTERM, as Kubernetes stops a pod. */
  public void terminate() {
    process.destroy();
  }

  public int awaitExit(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new AssertionError("the agent did not exit within " + seconds + " s; log:\n" + log());
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
