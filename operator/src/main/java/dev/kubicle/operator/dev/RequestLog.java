package dev.kubicle.operator.dev;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * The dev cluster's record of requests it served (method and path), bounded so a long `make run` keeps little.
 * Tests and benchmarks use it to count the operator's writes at the API server.
 */
public final class RequestLog {
  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final int KEPT = 200_000;

  private final Deque<String> recent = new ArrayDeque<>();
  private long total;
  private long writes;

  synchronized void record(String method, String path) {
    total++;
    if (WRITES.contains(method)) {
      writes++;
    }
    recent.addLast(method + " " + path);
    if (recent.size() > KEPT) {
      recent.removeFirst();
    }
  }

  /** A position to count from. */
  public synchronized long mark() {
    return total;
  }

  /** Every write request (POST, PUT, PATCH, DELETE) since the mark, as "METHOD path", oldest first. */
  public synchronized List<String> writesSince(long mark) {
    long count = total - mark;
    List<String> all = new ArrayList<>(recent);
    List<String> since = all.subList((int) Math.max(0, all.size() - count), all.size());
    return since.stream().filter(r -> WRITES.contains(r.substring(0, r.indexOf(' ')))).toList();
  }

  /** Write requests served since the cluster started. */
  public synchronized long writes() {
    return writes;
  }
}
