package dev.kubicle.operator.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Test double for a fleet of agents, in a JVM of its own so the operator's CPU is measured alone: each simulated
 * agent speaks the agent protocol (hello, lifecycle ready, stats every interval with jitter) over its own WebSocket.
 * Args: port, token file (one token a line), stats interval in ms.
 */
public final class AgentFleetProcess {
  private AgentFleetProcess() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    List<String> tokens = Files.readAllLines(Path.of(args[1]));
    long intervalMs = Long.parseLong(args[2]);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
    Random random = new Random(7);
    List<WebSocket> sockets = new ArrayList<>();
    for (String token : tokens) {
      WebSocket socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
          .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v1/agent/connect"), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
              ws.request(1); // manifests and requests are read and dropped: this fleet only reports
              return null;
            }
          }).get(30, TimeUnit.SECONDS);
      socket.sendText("{\"type\":\"hello\",\"version\":\"fleet\",\"os\":\"linux\",\"arch\":\"amd64\"}", true).join();
      socket.sendText("{\"type\":\"lifecycle\",\"state\":\"ready\",\"at\":\"2026-12-01T00:00:00Z\"}", true).join();
      sockets.add(socket);
      long first = (long) (random.nextDouble() * intervalMs);
      timers.scheduleAtFixedRate(() -> socket.sendText("{\"type\":\"stats\",\"sessions\":{\"ssh\":1,\"terminal\":0,"
          + "\"port_forward\":0,\"task\":0},\"at\":\"2026-12-01T00:00:00Z\"}", true), first, intervalMs,
          TimeUnit.MILLISECONDS);
    }
    System.out.println("CONNECTED " + sockets.size());
    System.out.flush();
    System.in.read(); // runs until the benchmark closes stdin
    timers.shutdownNow();
    System.exit(0);
  }
}
