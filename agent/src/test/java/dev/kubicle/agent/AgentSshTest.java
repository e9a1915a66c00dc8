package dev.kubicle.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.agent.support.AgentProcess;
import dev.kubicle.agent.support.ScriptedControlPlane;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The agent's SSH server driven by the real OpenSSH client, one agent process shared by these tests. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class AgentSshTest {
  private static final String TOKEN = "ssh-token-0123456789abcdef";
  private static final Duration WAIT = Duration.ofSeconds(20);

  private Path dir;
  private Path keys;
  private Path ownerKey;
  private Path strangerKey;
  private ScriptedControlPlane cp;
  private AgentProcess agent;

  /** What an OpenSSH client run printed and how it exited. */
  record Run(int exitCode, String stdout, String stderr) {}

  @BeforeAll
  void startAgent(@TempDir Path tempDir) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh")) && Files.isExecutable(Path.of("/usr/bin/ssh-keygen")),
        "OpenSSH client (ssh, ssh-keygen) is not installed; install openssh-client to run the SSH tests");
    dir = tempDir.toRealPath();
    keys = Files.createDirectories(dir.resolve("keys"));
    ownerKey = keygen("owner");
    strangerKey = keygen("stranger");
    cp = ScriptedControlPlane.start(TOKEN);
    cp.useManifest(manifestWithKeys(ownerKey));
    agent = AgentProcess.start(cp.baseUrl(), TOKEN, dir);
    cp.await("lifecycle", f -> f.path("state").asText().equals("ready"), WAIT);
  }

  @AfterAll
  void stopAgent() throws Exception {
    if (agent != null) {
      agent.close();
    }
    if (cp != null) {
      cp.close();
    }
  }

  @Test
  void anAuthorizedKeyRunsACommand() throws Exception {
    Run run = ssh(ownerKey, List.of(), "echo hi");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout()).isEqualTo("hi\n");
  }

  @Test
  void aCommandWithoutATerminalKeepsStdoutStderrAndTheExitCodeApart() throws Exception {
    Run run = ssh(ownerKey, List.of(), "echo out; echo err >&2; tty; exit 7");

    assertThat(run.exitCode()).isEqualTo(7);
    assertThat(run.stdout()).isEqualTo("out\nnot a tty\n");
    assertThat(run.stderr()).contains("err");
  }

  @Test
  void forcedTerminalGetsARealPtyDevice() throws Exception {
    Run run = ssh(ownerKey, List.of("-tt"), "tty");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout()).startsWith("/dev/pts/");
  }

  @Test
  void jobControlWorksOnTheTerminal() throws Exception {
    Run run = ssh(ownerKey, List.of("-tt"), "set -m; sleep 30 & jobs; kill %1; wait; echo jobs-done");

    assertThat(run.stdout()).as(run.stderr()).contains("sleep 30").contains("jobs-done")
        .doesNotContain("job control turned off").doesNotContain("no job control");
  }

  @Test
  void anInteractiveLoginShellReadsWhatTheUserTypes() throws Exception {
    Path typed = dir.resolve("typed");
    Files.writeString(typed, "echo answer=$((6*7))\nexit\n");
    List<String> argv = sshArgs(ownerKey, List.of("-tt"), "");
    argv.remove(argv.size() - 1);

    Run run = run(argv, typed);

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout()).contains("answer=42");
  }

  @Test
  void aKeyNotInTheManifestIsRefused() throws Exception {
    Run run = ssh(strangerKey, List.of(), "echo should-not-run");

    assertThat(run.exitCode()).isEqualTo(255);
    assertThat(run.stdout()).doesNotContain("should-not-run");
    assertThat(run.stderr()).contains("Permission denied");
  }

  @Test
  void aNewManifestChangesWhichKeysAreAccepted() throws Exception {
    cp.useManifest(manifestWithKeys(ownerKey, strangerKey));
    try {
      awaitSuccess(strangerKey);
    } finally {
      cp.useManifest(manifestWithKeys(ownerKey));
    }
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (ssh(strangerKey, List.of(), "true").exitCode() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(ssh(strangerKey, List.of(), "true").exitCode()).isEqualTo(255);
  }

  @Test
  void localPortForwardingReachesAPortInsideTheWorkspaceAndCountsAsPortForward() throws Exception {
    try (ServerSocket target = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Thread server = new Thread(() -> serveGreeting(target));
      server.setDaemon(true);
      server.start();
      int localPort = AgentProcess.freePort();
      Process tunnel = sshProcess(ownerKey, List.of("-o", "ExitOnForwardFailure=yes",
          "-L", localPort + ":127.0.0.1:" + target.getLocalPort()), "sleep 20");
      try (Socket socket = connectThroughTunnel(localPort)) {
        String greeting = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
            .readLine();

        assertThat(greeting).isEqualTo("hello through the tunnel");
        cp.await("stats", f -> f.path("sessions").path("port_forward").asInt() >= 1, WAIT);
      } finally {
        tunnel.destroyForcibly();
        tunnel.waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void remoteForwardingIsRefused() throws Exception {
    int remotePort = AgentProcess.freePort();
    Run run = ssh(ownerKey, List.of("-o", "ExitOnForwardFailure=yes", "-R", remotePort + ":127.0.0.1:9"), "echo no");

    assertThat(run.exitCode()).isEqualTo(255);
    assertThat(run.stderr()).containsIgnoringCase("remote port forwarding failed");
  }

  @Test
  void sftpUploadsAndDownloadsAFile() throws Exception {
    Path local = dir.resolve("upload.txt");
    Files.writeString(local, "sftp payload ✓\n");
    Path back = dir.resolve("download.txt");
    Path batch = dir.resolve("sftp-batch");
    Files.writeString(batch, "put " + local + " " + dir.resolve("remote-sftp.txt") + "\nget "
        + dir.resolve("remote-sftp.txt") + " " + back + "\n");

    Run run = run(command("/usr/bin/sftp", ownerKey, List.of("-b", batch.toString(), "-P",
        Integer.toString(agent.sshPort)), "dev@127.0.0.1"));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(Files.readString(dir.resolve("remote-sftp.txt"))).isEqualTo("sftp payload ✓\n");
    assertThat(Files.readString(back)).isEqualTo("sftp payload ✓\n");
  }

  @Test
  void scpCopiesAFileWithBothTheSftpAndTheLegacyProtocol() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/scp")), "scp is not installed");
    Path local = dir.resolve("scp-source.txt");
    Files.writeString(local, "scp payload\n");

    Run modern = run(command("/usr/bin/scp", ownerKey, List.of("-P", Integer.toString(agent.sshPort), local.toString()),
        "dev@127.0.0.1:" + dir.resolve("scp-modern.txt")));
    Run legacy = run(command("/usr/bin/scp", ownerKey,
        List.of("-O", "-P", Integer.toString(agent.sshPort), local.toString()),
        "dev@127.0.0.1:" + dir.resolve("scp-legacy.txt")));

    assertThat(modern.exitCode()).as(modern.stderr()).isZero();
    assertThat(Files.readString(dir.resolve("scp-modern.txt"))).isEqualTo("scp payload\n");
    assertThat(legacy.exitCode()).as(legacy.stderr()).isZero();
    assertThat(Files.readString(dir.resolve("scp-legacy.txt"))).isEqualTo("scp payload\n");
  }

  @Test
  void statsCountAnOpenSshSessionAndForgetItWhenItCloses() throws Exception {
    Process session = sshProcess(ownerKey, List.of(), "sleep 20");
    try {
      cp.await("stats", f -> f.path("sessions").path("ssh").asInt() >= 1, WAIT);
    } finally {
      session.destroyForcibly();
      session.waitFor(5, TimeUnit.SECONDS);
    }
    int seen = cp.frames("stats").size();
    // A stats frame sent after the session closed shows it gone.
    cp.awaitCount(f -> f.path("type").asText().equals("stats"), seen + 3, WAIT);
    List<com.fasterxml.jackson.databind.JsonNode> stats = cp.frames("stats");
    assertThat(stats.get(stats.size() - 1).path("sessions").path("ssh").asInt()).isZero();
  }

  private ObjectNode manifestWithKeys(Path... privateKeys) throws IOException {
    ObjectNode manifest = ScriptedControlPlane.manifest();
    var array = manifest.putArray("sshAuthorizedKeys");
    for (Path key : privateKeys) {
      array.add(Files.readString(Path.of(key + ".pub")).strip());
    }
    return manifest;
  }

  private Path keygen(String name) throws Exception {
    Path key = keys.resolve(name);
    Run run = run(List.of("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name + "@test", "-f",
        key.toString()));
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    return key;
  }

  private void awaitSuccess(Path key) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Run last;
    do {
      last = ssh(key, List.of(), "true");
      if (last.exitCode() == 0) {
        return;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("ssh never succeeded: " + last.stderr());
  }

  private List<String> command(String program, Path key, List<String> options, String... rest) {
    List<String> argv = new ArrayList<>(List.of(program, "-i", key.toString(),
        "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
        "-o", "IdentitiesOnly=yes", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10"));
    argv.addAll(options);
    argv.addAll(List.of(rest));
    return argv;
  }

  private List<String> sshArgs(Path key, List<String> options, String remoteCommand) {
    List<String> with = new ArrayList<>(options);
    with.addAll(List.of("-p", Integer.toString(agent.sshPort)));
    return command("/usr/bin/ssh", key, with, "dev@127.0.0.1", remoteCommand);
  }

  private Run ssh(Path key, List<String> options, String remoteCommand) throws Exception {
    return run(sshArgs(key, options, remoteCommand));
  }

  private Process sshProcess(Path key, List<String> options, String remoteCommand) throws IOException {
    return new ProcessBuilder(sshArgs(key, options, remoteCommand))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private Run run(List<String> argv) throws Exception {
    return run(argv, Path.of("/dev/null"));
  }

  private Run run(List<String> argv, Path stdin) throws Exception {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process process = new ProcessBuilder(argv)
        .redirectInput(stdin.toFile())
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + argv + "\nagent log:\n" + agent.log());
    }
    return new Run(process.exitValue(), Files.readString(out).replace("\r\n", "\n"), Files.readString(err));
  }

  /** Greets each client and keeps the connection open until the client closes it. */
  private static void serveGreeting(ServerSocket target) {
    while (!target.isClosed()) {
      try {
        Socket client = target.accept();
        Thread holder = new Thread(() -> {
          try (client; OutputStream out = client.getOutputStream()) {
            out.write("hello through the tunnel\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            client.getInputStream().readAllBytes();
          } catch (IOException e) {
            // The client went away.
          }
        });
        holder.setDaemon(true);
        holder.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  /** Retries until the tunnel is up (ssh needs a moment to log in and bind the local port). */
  private static Socket connectThroughTunnel(int localPort) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      try {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), localPort);
        socket.setSoTimeout(10_000);
        return socket;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      Thread.sleep(100);
    }
  }
}
