package dev.kubicle.operator.bench;

import dev.kubicle.operator.gateway.GatewayTestbed;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * SSH through the gateway versus without it, on the end-to-end setup ({@link GatewayTestbed}): from a laptop
 * namespace to the real agent's SSH server, once through the tunnel (wireguard-go on both ends, the gateway's DNAT
 * and pair check) and once over a plain route through the same gateway namespace. Latency: a ping-pong of small
 * messages over one ssh channel ({@code cat} echoes each back); throughput: bytes pushed into {@code cat >
 * /dev/null}, timed from the first byte after the session is up to the end of the command.
 */
final class TunnelBenchmark {
  private static final int MESSAGE = 64;

  private TunnelBenchmark() {}

  static void run(int roundTrips, int mebibytes) throws Exception {
    String why = GatewayTestbed.whyUnavailable();
    if (why != null) {
      System.out.println("ssh through the tunnel: skipped (" + why + ")");
      return;
    }
    Path tmp = Files.createTempDirectory("kubicle-tunnel-bench");
    try (GatewayTestbed bed = GatewayTestbed.start(tmp)) {
      GatewayTestbed.Laptop laptop = bed.laptop("alice", "laptop");
      bed.routeDirectly(laptop);
      // The first handshake and the gateway's first sync of the pod's address take a moment.
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
          .pollInterval(java.time.Duration.ofMillis(500))
          .until(() -> bed.ssh(laptop.ns(), "echo up").stdout().contains("up"));
      for (String[] path : new String[][] {{"through the tunnel", bed.workspaceAddress()},
          {"direct veth route, no tunnel", bed.podAddress()}}) {
        List<String> prefix = laptop.ns().prefix();
        double[] latency = pingPong(command(prefix, bed.sshCommand(path[1], "cat")), roundTrips);
        double mibPerSecond = throughput(command(prefix,
            bed.sshCommand(path[1], "head -c 1 >/dev/null; echo ready; cat >/dev/null")), mebibytes);
        System.out.printf("ssh to the agent, %s: round trip of %d bytes over one channel p50 %.2f ms, p99 %.2f ms "
            + "(%d round trips); %d MiB into cat >/dev/null: %.0f MiB/s%n", path[0], MESSAGE, latency[0], latency[1],
            roundTrips, mebibytes, mibPerSecond);
      }
    } finally {
      deleteTree(tmp);
    }
  }

  /** p50 and p99 in milliseconds of {@code rounds} echoes, after a warm-up of a tenth as many. */
  private static double[] pingPong(List<String> command, int rounds) throws Exception {
    Process ssh = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (OutputStream out = ssh.getOutputStream(); InputStream in = ssh.getInputStream()) {
      byte[] message = new byte[MESSAGE];
      Arrays.fill(message, (byte) 'x');
      message[MESSAGE - 1] = '\n';
      byte[] answer = new byte[MESSAGE];
      int warmUp = Math.max(10, rounds / 10);
      double[] millis = new double[rounds];
      for (int i = 0; i < warmUp + rounds; i++) {
        long start = System.nanoTime();
        out.write(message);
        out.flush();
        readFully(in, answer);
        if (i >= warmUp) {
          millis[i - warmUp] = (System.nanoTime() - start) / 1e6;
        }
      }
      Arrays.sort(millis);
      return new double[] {millis[rounds / 2], millis[Math.min(rounds - 1, (int) Math.ceil(rounds * 0.99) - 1)]};
    } finally {
      stop(ssh);
    }
  }

  /** MiB/s of {@code mebibytes} pushed through ssh once the session is up (the remote side says "ready"). */
  private static double throughput(List<String> command, int mebibytes) throws Exception {
    Process ssh = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (OutputStream out = ssh.getOutputStream(); InputStream in = ssh.getInputStream()) {
      out.write('x');
      out.flush();
      byte[] ready = new byte[6];
      readFully(in, ready);
      if (!new String(ready, java.nio.charset.StandardCharsets.US_ASCII).equals("ready\n")) {
        throw new IOException("the remote side did not say ready");
      }
      byte[] chunk = new byte[1 << 20];
      Arrays.fill(chunk, (byte) 'y');
      long start = System.nanoTime();
      for (int i = 0; i < mebibytes; i++) {
        out.write(chunk);
      }
      out.close();
      if (!ssh.waitFor(120, TimeUnit.SECONDS) || ssh.exitValue() != 0) {
        throw new IOException("ssh did not finish the transfer (exit " + (ssh.isAlive() ? "none" : ssh.exitValue())
            + ")");
      }
      return mebibytes / ((System.nanoTime() - start) / 1e9);
    } finally {
      stop(ssh);
    }
  }

  private static void readFully(InputStream in, byte[] into) throws IOException {
    int read = 0;
    while (read < into.length) {
      int n = in.read(into, read, into.length - read);
      if (n < 0) {
        throw new IOException("ssh closed the channel after " + read + " of " + into.length + " bytes");
      }
      read += n;
    }
  }

  private static List<String> command(List<String> prefix, List<String> command) {
    List<String> all = new ArrayList<>(prefix);
    all.addAll(command);
    return all;
  }

  private static void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
