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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hostile agents for the flood benchmark, in a JVM of their own so the operator's heap is measured alone: one
 * connection per token (each a real token of its own workspace) says hello, then sends metadata with new keys and
 * big values, log frames with long lines and stats with big maps, as fast as the operator reads them, until stdin
 * closes. Reconnects (after the Retry-After it is told, or a second) when the operator closes a connection.
 * Args: port, token file (one token a line). Prints "FLOODING n" once all are connected, and "SENT frames chars
 * reconnects" when stdin closes.
 */
public final class AgentFloodProcess {
  private static final AtomicLong FRAMES = new AtomicLong();
  private static final AtomicLong BYTES = new AtomicLong();
  private static final AtomicLong RECONNECTS = new AtomicLong();
  private static volatile boolean running = true;

  private AgentFloodProcess() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    List<String> tokens = Files.readAllLines(Path.of(args[1]));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      String token = tokens.get(i);
      long seed = i;
      Thread thread = new Thread(() -> flood(http, port, token, seed), "flood-" + i);
      thread.setDaemon(true);
      thread.start();
      threads.add(thread);
    }
    System.out.println("FLOODING " + threads.size());
    System.out.flush();
    System.in.read(); // floods until the benchmark closes stdin
    running = false;
    System.out.println("SENT " + FRAMES.get() + " " + BYTES.get() + " " + RECONNECTS.get());
    System.out.flush();
    System.exit(0);
  }

  private static void flood(HttpClient http, int port, String token, long seed) {
    Random random = new Random(seed);
    String bigValue = "v".repeat(64 * 1024);
    String longLine = "l".repeat(20 * 1024);
    StringBuilder logLines = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      logLines.append(i == 0 ? "" : ",").append('"').append(i % 50 == 0 ? longLine : "line " + i + " of a noisy log")
          .append('"');
    }
    StringBuilder stats = new StringBuilder("{\"ssh\":1");
    for (int i = 0; i < 20_000; i++) {
      stats.append(",\"kind").append(i).append("\":").append(i);
    }
    String statsFrame = "{\"type\":\"stats\",\"sessions\":" + stats.append('}') + "}";
    String[] sources = {"startup_script", "agent", "not-a-source"};
    long key = 0;
    while (running) {
      WebSocket socket;
      try {
        socket = connect(http, port, token);
      } catch (Exception refused) {
        RECONNECTS.incrementAndGet();
        sleep(1000);
        continue;
      }
      try {
        send(socket, "{\"type\":\"hello\",\"version\":\"flood\",\"os\":\"linux\",\"arch\":\"amd64\"}");
        while (running) {
          switch (random.nextInt(3)) {
            case 0 -> send(socket, "{\"type\":\"metadata\",\"key\":\"k" + (key++) + "\",\"value\":\"" + bigValue
                + "\"}");
            case 1 -> send(socket, "{\"type\":\"log\",\"source\":\"" + sources[random.nextInt(sources.length)]
                + "\",\"lines\":[" + logLines + "]}");
            default -> send(socket, statsFrame);
          }
        }
      } catch (Exception closed) {
        RECONNECTS.incrementAndGet();
        socket.abort();
        sleep(1000);
      }
    }
  }

  private static WebSocket connect(HttpClient http, int port, String token) throws Exception {
    return http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v1/agent/connect"), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            ws.request(1); // the manifest is read and dropped
            return null;
          }
        }).get(30, TimeUnit.SECONDS);
  }

  private static void send(WebSocket socket, String frame) throws Exception {
    socket.sendText(frame, true).get(30, TimeUnit.SECONDS);
    FRAMES.incrementAndGet();
    BYTES.addAndGet(frame.length());
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
