package dev.kubicle.operator.provision.local;

import dev.kubicle.api.v1alpha1.BuildTransition;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.agentapi.AgentTokenSecrets;
import dev.kubicle.operator.provision.BuildObservation;
import dev.kubicle.operator.provision.BuildRequest;
import dev.kubicle.operator.provision.Provisioner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs workspaces as local agent processes on the operator's machine, for the embedded dev cluster: start spawns
 * the agent with the workspace's token, stop ends it gracefully (the folder stays), delete removes the folder.
 * Processes are found again after an operator restart by their pid file and command line.
 */
public class LocalProvisioner implements Provisioner {
  private static final Logger LOG = LoggerFactory.getLogger(LocalProvisioner.class);
  /** The agent's own shutdown script timeout plus a margin, before it is killed. */
  static final Duration STOP_GRACE = Duration.ofSeconds(75);
  private static final Duration POLL = Duration.ofMillis(300);

  private final Path base;
  private final List<String> agentCommand;
  private final String controlPlaneUrl;
  private final AgentTokenSecrets tokens;
  // Local agents share this machine's addresses: they listen on loopback only, unless the dev gateway needs one more.
  private volatile String sshListen = "127.0.0.1";

  /**
   * @param base folder holding one sub-folder per workspace (e.g. ~/.kubicle/workspaces)
   * @param agentCommand how to start the agent, e.g. [java, -jar, agent/target/kubicle-agent.jar]
   */
  /**
   * The addresses agents started from now on listen on (comma-separated IPs; loopback by default, so a local
   * workspace is never reachable from the network the machine is on).
   */
  public void listenOn(String addresses) {
    this.sshListen = addresses;
  }

  public LocalProvisioner(Path base, List<String> agentCommand, String controlPlaneUrl, AgentTokenSecrets tokens) {
    this.base = base;
    this.agentCommand = List.copyOf(agentCommand);
    this.controlPlaneUrl = controlPlaneUrl;
    this.tokens = tokens;
  }

  @Override
  public void submit(BuildRequest request) {
    LocalWorkspaceDir dir = new LocalWorkspaceDir(base, request.workspace());
    Optional<ProcessHandle> running = running(dir);
    if (request.build().getTransition() == BuildTransition.START) {
      running.ifPresent(p -> stop(p, Duration.ofSeconds(10)));
      spawn(request, dir);
    } else {
      running.ifPresent(ProcessHandle::destroy); // SIGTERM: the agent runs its shutdown script and exits
    }
  }

  @Override
  public BuildObservation observe(BuildRequest request) {
    LocalWorkspaceDir dir = new LocalWorkspaceDir(base, request.workspace());
    Optional<ProcessHandle> running = running(dir);
    switch (request.build().getTransition()) {
      case START -> {
        if (running.isEmpty()) {
          return dir.pid().isEmpty() ? BuildObservation.missing()
              : BuildObservation.failed("the agent process exited right after it started", dir.logTail());
        }
        int port = dir.sshPort().orElseThrow();
        return BuildObservation.succeeded("agent started, pid " + running.get().pid(), Map.of(
            "ssh_address", "127.0.0.1:" + port, "ssh_port", Integer.toString(port),
            "directory", dir.home().toString()), List.of("local_process.agent", "local_directory.home"));
      }
      case STOP, DELETE -> {
        if (running.isPresent()) {
          if (stoppingFor(request).compareTo(STOP_GRACE) > 0) {
            LOG.warn("agent pid {} did not stop within {} s; killing it", running.get().pid(), STOP_GRACE.toSeconds());
            running.get().destroyForcibly();
          }
          return BuildObservation.running(Optional.of(POLL));
        }
        if (request.build().getTransition() == BuildTransition.DELETE) {
          deleteQuietly(dir);
          return BuildObservation.succeeded("workspace folder removed", Map.of(), List.of());
        }
        return BuildObservation.succeeded("agent stopped; folder kept", Map.of("directory", dir.home().toString()),
            List.of("local_directory.home"));
      }
      default -> throw new IllegalStateException("unknown transition " + request.build().getTransition());
    }
  }

  @Override
  public void cleanup(Workspace workspace, boolean keepState) {
    LocalWorkspaceDir dir = new LocalWorkspaceDir(base, workspace);
    running(dir).ifPresent(p -> stop(p, Duration.ofSeconds(10)));
    if (!keepState) {
      deleteQuietly(dir);
    }
  }

  /**
   * Stops every agent this provisioner's folder knows of: the dev cluster forgets its workspaces when it stops,
   * so their processes must not outlive it.
   */
  public void stopAll() {
    if (!Files.isDirectory(base)) {
      return;
    }
    try (var pidFiles = Files.find(base, 3, (p, a) -> p.getFileName().toString().equals("agent.pid"))) {
      pidFiles.forEach(pidFile -> {
        try {
          ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).filter(ProcessHandle::isAlive)
              .filter(p -> p.info().commandLine().map(c -> c.contains("kubicle-agent")).orElse(false))
              .ifPresent(p -> stop(p, Duration.ofSeconds(10)));
        } catch (IOException | NumberFormatException e) {
          LOG.debug("skipping {}: {}", pidFile, e.getMessage());
        }
      });
    } catch (IOException e) {
      LOG.warn("could not look for local agents under {}: {}", base, e.getMessage());
    }
  }

  private void spawn(BuildRequest request, LocalWorkspaceDir dir) {
    String token = request.snapshot().agentEnabled() ? tokens.current(request.workspace()).orElse(null) : null;
    if (token == null) {
      throw new IllegalArgumentException("no agent token for this start: the template's agent is disabled, or its "
          + "token Secret is missing; a local workspace is its agent, so enable it (spec.agent.enabled)");
    }
    try {
      dir.create();
      int port = dir.sshPort().orElse(freePort());
      dir.sshPort(port);
      List<String> command = new ArrayList<>(agentCommand);
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir.home().toFile())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.log().toFile()));
      Map<String, String> env = pb.environment();
      env.put("KUBICLE_AGENT_URL", controlPlaneUrl);
      env.put("KUBICLE_AGENT_TOKEN", token);
      env.put("KUBICLE_AGENT_SSH_PORT", Integer.toString(port));
      env.put("KUBICLE_AGENT_SSH_LISTEN", sshListen);
      env.put("KUBICLE_AGENT_SSH_HOST_KEY", dir.hostKey().toString());
      env.put("KUBICLE_AGENT_DIR", dir.home().toString());
      env.put("KUBICLE_WORKSPACE_DIR", dir.root().toString()); // lets a restarted operator recognise the process
      Process process = pb.start();
      dir.pid(process.pid());
      LOG.info("started local agent pid {} (ssh port {})", process.pid(), port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the local agent " + agentCommand + ": " + e.getMessage(), e);
    }
  }

  /** The agent process of this folder, if it runs: the pid file alone could name a reused pid. */
  private static Optional<ProcessHandle> running(LocalWorkspaceDir dir) {
    return dir.pid().flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().map(c -> c.contains("kubicle-agent") || c.contains("dev.kubicle.agent"))
            .orElse(true));
  }

  private static void stop(ProcessHandle process, Duration grace) {
    process.destroy();
    try {
      process.onExit().get(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
    }
  }

  private static Duration stoppingFor(BuildRequest request) {
    String started = request.build().getStartedAt();
    return started == null ? Duration.ZERO : Duration.between(java.time.Instant.parse(started), java.time.Instant.now());
  }

  private static void deleteQuietly(LocalWorkspaceDir dir) {
    try {
      dir.delete();
    } catch (IOException e) {
      LOG.warn("could not remove {}: {}", dir.root(), e.getMessage());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Makes a local provisioner for the operator's client (the wiring creates one per operator). */
  @FunctionalInterface
  public interface Factory {
    LocalProvisioner create(io.fabric8.kubernetes.client.KubernetesClient client);
  }

  /** The default agent command: the agent jar built next to the operator, run by this JVM's java. */
  public static List<String> defaultAgentCommand(Path agentJar) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    if (!Files.exists(agentJar)) {
      throw new IllegalStateException("the agent jar " + agentJar + " does not exist: run `make build` first, or set "
          + "KUBICLE_AGENT_JAR");
    }
    // The same flags as the agent image's launcher (agent/bin/kubicle-agent): an idle agent stays small.
    return List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx64m", "-Xss512k", "-jar",
        agentJar.toString());
  }
}
