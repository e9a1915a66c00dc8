package dev.kubicle.operator.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load for {@link ConsoleApiBenchmark}, in its own JVM so the operator's CPU is measured alone: an open-loop
 * schedule (request i is due at start + i / rate, and its latency counts from then, so a slow server cannot slow
 * the load down and hide its own delay) of the given requests, each with its caller's Authorization header.
 * Prints "p50 p95 p99 max errors sent" in milliseconds.
 */
public final class ConsoleLoadProcess {
  private ConsoleLoadProcess() {}

  /** args: base URL, requests file (lines "authorization\tpath"), rate per second, seconds. */
  public static void main(String[] args) throws Exception {
    String base = args[0];
    List<String[]> requests = Files.readAllLines(Path.of(args[1])).stream().map(l -> l.split("\t", 2)).toList();
    int rate = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    // HTTP/1.1 with keep-alive, as curl and most scripts talk (the JDK would otherwise upgrade to h2c and multiplex
    // everything on one connection).
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    int total = rate * seconds;
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    AtomicInteger errors = new AtomicInteger();
    java.util.Map<String, Integer> kinds = new java.util.concurrent.ConcurrentHashMap<>();
    CountDownLatch done = new CountDownLatch(total);
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
    for (int i = 0; i < total; i++) {
      long due = start + (long) (i * 1e9 / rate);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      String[] request = requests.get(ThreadLocalRandom.current().nextInt(requests.size()));
      HttpRequest http1 = HttpRequest.newBuilder(URI.create(base + request[1])).timeout(Duration.ofSeconds(10))
          .header("Authorization", request[0]).GET().build();
      http.sendAsync(http1, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
        latencies.add(System.nanoTime() - due);
        if (failure != null || response.statusCode() != 200) {
          errors.incrementAndGet();
          kinds.merge(failure != null ? failure.getClass().getSimpleName() + ": " + failure.getMessage()
              : "HTTP " + response.statusCode() + " " + request[1], 1, Integer::sum);
        }
        done.countDown();
      });
    }
    done.await(60, TimeUnit.SECONDS);
    kinds.entrySet().stream().sorted(java.util.Map.Entry.comparingByValue(java.util.Comparator.reverseOrder()))
        .limit(5).forEach(e -> System.err.println("  error: " + e.getValue() + " x " + e.getKey()));
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf("%.2f %.2f %.2f %.2f %d %d%n", pct(sorted, 50), pct(sorted, 95), pct(sorted, 99),
        sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, errors.get() + (total - sorted.length), total);
    System.exit(0);
  }

  private static double pct(long[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
  }

}
