package dev.kubicle.agent.requests;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Answers by request id, so a request the control plane repeats (after a reconnect, say) is answered again without
 * running twice. Keeps at least the last 1,024 answers for at least 10 minutes; a hard cap bounds memory under a
 * flood of distinct ids.
 */
public final class AnswerStore {
  static final int KEEP_AT_LEAST = 1024;
  static final long KEEP_FOR_MS = 10 * 60_000;
  /** Past this, even young answers go (oldest first): a flood must not exhaust the agent's memory. */
  static final int HARD_CAP = 4096;

  private final LongSupplier clockMs;
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  private record Entry(CompletableFuture<ObjectNode> answer, long storedAtMs) {}

  public AnswerStore(LongSupplier clockMs) {
    this.clockMs = clockMs;
  }

  public AnswerStore() {
    this(System::currentTimeMillis);
  }

  /** What to do with a request id: run it ({@code first} is true) or wait for the answer that exists or is coming. */
  public record Claim(CompletableFuture<ObjectNode> answer, boolean first) {}

  /** Claims an id: the first claim runs the request and completes the future; later claims share it. */
  public synchronized Claim claim(String id) {
    Entry existing = entries.get(id);
    if (existing != null) {
      return new Claim(existing.answer, false);
    }
    evict();
    CompletableFuture<ObjectNode> answer = new CompletableFuture<>();
    entries.put(id, new Entry(answer, clockMs.getAsLong()));
    return new Claim(answer, true);
  }

  public synchronized int size() {
    return entries.size();
  }

  private void evict() {
    long now = clockMs.getAsLong();
    Iterator<Entry> oldestFirst = entries.values().iterator();
    while (oldestFirst.hasNext() && entries.size() >= KEEP_AT_LEAST) {
      Entry oldest = oldestFirst.next();
      if (!oldest.answer.isDone()) {
        // A request still running is never forgotten: its duplicate must wait for it, not run it again.
        continue;
      }
      boolean expired = now - oldest.storedAtMs >= KEEP_FOR_MS;
      if (!expired && entries.size() < HARD_CAP) {
        break; // insertion order: everything after this one is younger still
      }
      oldestFirst.remove();
    }
  }
}
