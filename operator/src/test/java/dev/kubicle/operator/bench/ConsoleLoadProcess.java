package dev.kubicle.operator.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load for {@link ConsoleApiBenchmark}, in its own JVM so the operator's CPU is measured alone: an open-loop
 * schedule (request i is due at start + i / rate, and its latency counts from then, so a slow server cannot slow
 * the load down and hide its own delay) of the given requests, each with its caller's Authorization header. The
 * warm-up runs the same schedule first in this JVM, with the same client, so the measured window does not start
 * with a cold load generator (its JIT, and a burst of new connections); then it prints "measuring" and, at the end,
 * "p50 p95 p99 max errors sent worst-second-p95 worst-second" (milliseconds; seconds counted from the start).
 */
public final class ConsoleLoadProcess {
  private ConsoleLoadProcess() {}

  /** args: base URL, requests file (lines "authorization\tpath"), rate per second, seconds, warm-up seconds. */
  public static void main(String[] args) throws Exception {
    String base = args[0];
    List<String[]> requests = Files.readAllLines(Path.of(args[1])).stream().map(l -> l.split("\t", 2)).toList();
    int rate = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 0;
    // HTTP/1.1 with keep-alive, as curl and most scripts talk (the JDK would otherwise upgrade to h2c and multiplex
    // everything on one connection).
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    if (warmup > 0) {
      run(http, base, requests, rate, warmup, new AtomicInteger());
    }
    System.out.println("measuring");
    System.out.flush();
    AtomicInteger errors = new AtomicInteger();
    long[] latencies = run(http, base, requests, rate, seconds, errors);

    int total = latencies.length;
    long unanswered = Arrays.stream(latencies).filter(l -> l < 0).count();
    long[] sorted = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
    double worst = 0;
    int worstSecond = 0;
    for (int s = 0; s < seconds; s++) {
      long[] second = Arrays.stream(latencies, s * rate, (s + 1) * rate).filter(l -> l >= 0).sorted().toArray();
      if (pct(second, 95) > worst) {
        worst = pct(second, 95);
        worstSecond = s;
      }
    }
    System.out.printf("%.2f %.2f %.2f %.2f %d %d %.2f %d%n", pct(sorted, 50), pct(sorted, 95), pct(sorted, 99),
        sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, errors.get() + unanswered, total, worst,
        worstSecond);
    System.exit(0);
  }

  /**
   * Runs the schedule: each request's latency in nanoseconds by its place in the schedule (-1 when it never
   * answered); failed requests and other statuses than 200 are counted in {@code errors}.
   */
  private static long[] run(HttpClient http, String base, List<String[]> requests, int rate, int seconds,
      AtomicInteger errors) throws InterruptedException {
    int total = rate * seconds;
    long[] latencies = new long[total];
    Arrays.fill(latencies, -1);
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
      int index = i;
      http.sendAsync(http1, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
        latencies[index] = System.nanoTime() - due;
        if (failure != null || response.statusCode() != 200) {
          errors.incrementAndGet();
          kinds.merge(failure != null ? failure.getClass().getSimpleName() + ": " + failure.getMessage()
              : "HTTP " + response.statusCode() + " " + request[1], 1, Integer::sum);
        }
        done.countDown();
      });
    }
    done.await(60, TimeUnit.SECONDS); // what has not answered by then counts as an error
    kinds.entrySet().stream().sorted(java.util.Map.Entry.comparingByValue(java.util.Comparator.reverseOrder()))
        .limit(5).forEach(e -> System.err.println("  error: " + e.getValue() + " x " + e.getKey()));
    return latencies.clone();
  }

  private static double pct(long[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
  }
}
