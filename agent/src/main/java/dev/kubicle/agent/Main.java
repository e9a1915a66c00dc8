package dev.kubicle.agent;

import dev.kubicle.agent.connection.ControlPlaneConnection;
import dev.kubicle.agent.lifecycle.Lifecycle;
import dev.kubicle.agent.lifecycle.LogBatcher;
import dev.kubicle.agent.lifecycle.MetadataCollector;
import dev.kubicle.agent.lifecycle.ScriptRunner;
import dev.kubicle.agent.lifecycle.SessionCounter;
import dev.kubicle.agent.lifecycle.ShutdownSequence;
import dev.kubicle.agent.lifecycle.StartupRunner;
import dev.kubicle.agent.lifecycle.StatsReporter;
import dev.kubicle.agent.process.CommandRunner;
import dev.kubicle.agent.requests.AnswerStore;
import dev.kubicle.agent.requests.EditFileRequest;
import dev.kubicle.agent.requests.ExecRequest;
import dev.kubicle.agent.requests.FileRequests;
import dev.kubicle.agent.requests.PtySessions;
import dev.kubicle.agent.requests.RequestDispatcher;
import dev.kubicle.agent.ssh.AgentSshServer;
import dev.kubicle.agent.ssh.AuthorizedKeys;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the workspace agent: reads the environment, builds every part in one place, connects. */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws Exception {
    AgentConfig config;
    try {
      config = AgentConfig.fromEnvironment(System.getenv());
    } catch (ConfigException e) {
      System.err.println("kubicle-agent: " + e.getMessage());
      System.exit(2);
      return;
    }
    String version = version();
    log.info("kubicle-agent {} starting: {}", version, config);

    ScheduledExecutorService timer = Executors.newScheduledThreadPool(1, Threads.daemon("kubicle-timer"));
    ExecutorService workers = Executors.newCachedThreadPool(Threads.daemon("kubicle-worker"));
    Workspace workspace = new Workspace(config.defaultDirectory(), System.getenv());
    SessionCounter sessions = new SessionCounter();
    ControlPlaneConnection connection = new ControlPlaneConnection(config.connectUri(), config.token(), version, timer);
    LogBatcher logs = new LogBatcher(connection, timer);
    Lifecycle lifecycle = new Lifecycle(connection);
    CommandRunner commands = new CommandRunner();
    CompletableFuture<Void> sshUp = new CompletableFuture<>();
    StartupRunner startup = new StartupRunner(lifecycle, new ScriptRunner(workspace, logs), sshUp);
    StatsReporter stats = new StatsReporter(connection, sessions, timer);
    stats.setInterval(Manifest.empty().statsInterval());
    MetadataCollector metadata = new MetadataCollector(connection, workspace, commands, timer, workers);
    AuthorizedKeys sshKeys = new AuthorizedKeys();
    AtomicReference<AgentSshServer> ssh = new AtomicReference<>();
    PtySessions ptys = new PtySessions(workspace, connection, sessions);
    ShutdownSequence shutdown = new ShutdownSequence(lifecycle, workspace, startup,
        new ScriptRunner(workspace, logs), logs,
        List.of(ptys::closeAll, () -> {
          if (ssh.get() != null) {
            ssh.get().stop();
          }
        }, () -> connection.close(Duration.ofSeconds(3))));

    FileRequests files = new FileRequests(workspace);
    RequestDispatcher requests = new RequestDispatcher(connection, new AnswerStore(), sessions, workers)
        .register("exec", new ExecRequest(workspace, commands))
        .register("read_file", files::read)
        .register("write_file", files::write)
        .register("edit_file", new EditFileRequest(workspace))
        .registerInline("pty_open", ptys::open)
        .registerInline("pty_input", ptys::input)
        .registerInline("pty_resize", ptys::resize)
        .registerInline("pty_close", ptys::close)
        .registerInline("shutdown", params -> {
          // Answer first; the sequence (and exit) follows on its own thread.
          Threads.start("kubicle-shutdown", () -> {
            shutdown.run();
            System.exit(0);
          });
          return null;
        });

    // SIGTERM (Kubernetes stopping the pod): the graceful sequence, then exit 0 rather than the JVM's 143.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      shutdown.run();
      Runtime.getRuntime().halt(0);
    }, "kubicle-sigterm"));

    // Connect first: the control plane hears from the agent before the SSH host key is loaded or made.
    connection.start(new Agent(version, workspace, lifecycle, stats, startup, metadata, sshKeys, requests));
    try {
      AgentSshServer server = new AgentSshServer(config.sshListen(), config.sshPort(), config.sshHostKey(), workspace,
          sshKeys, sessions);
      server.start();
      ssh.set(server);
    } catch (Exception e) {
      // Exec, files and the web terminal still work without SSH; say why it is missing where the owner looks.
      log.error("SSH server could not start", e);
      logs.add("agent", "SSH server could not start on port " + config.sshPort() + ": " + e.getMessage());
    } finally {
      sshUp.complete(null);
    }
    // Every other thread is a daemon: the agent lives as long as this one waits.
    new CountDownLatch(1).await();
  }

  private static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
