package dev.kubicle.operator.support;

import dev.kubicle.operator.provision.local.LocalProvisioner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real agent jar as a child process dialing an operator on loopback, for end-to-end tests; closing ends it. */
public final class AgentProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private AgentProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts the agent with {@code token} in {@code dir}/home (created), logging to {@code dir}/agent.log. */
  public static AgentProcess start(int operatorPort, String token, Path dir) throws IOException {
    Path home = Files.createDirectories(dir.resolve("home"));
    Path log = dir.resolve("agent.log");
    ProcessBuilder pb = new ProcessBuilder(LocalProvisioner.defaultAgentCommand(Repository.agentJar()))
        .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(Map.of("KUBICLE_AGENT_URL", "http://127.0.0.1:" + operatorPort,
        "KUBICLE_AGENT_TOKEN", token, "KUBICLE_AGENT_SSH_PORT", "0",
        "KUBICLE_AGENT_DIR", home.toString(),
        "KUBICLE_AGENT_SSH_HOST_KEY", dir.resolve("host_key").toString()));
    return new AgentProcess(pb.start(), log);
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
