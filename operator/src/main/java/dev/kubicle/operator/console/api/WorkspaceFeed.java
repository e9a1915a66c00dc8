package dev.kubicle.operator.console.api;

import dev.kubicle.api.v1alpha1.Workspace;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.filter.GenericFilter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Workspace changes as numbered events, for server-sent events. It taps the Workspace controller's own informer
 * (registered as its event filter, always accepting), so no second watch runs. The last {@value #KEPT} events stay,
 * so a client that reconnects with Last-Event-ID gets what it missed; one that was gone longer gets a fresh snapshot.
 */
public final class WorkspaceFeed implements GenericFilter<Workspace> {
  static final int KEPT = 2048;

  /** One change: the workspace as it is now, or deleted (gone from the cache). */
  public record Change(long seq, Workspace workspace, boolean deleted) {}

  private final Deque<Change> recent = new ArrayDeque<>();
  private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
  private volatile Function<ResourceID, Optional<Workspace>> cache = id -> Optional.empty();
  private long seq;

  /** Where to check whether an event's workspace still exists (the controller's cache). */
  public void bindCache(Function<ResourceID, Optional<Workspace>> cache) {
    this.cache = cache;
  }

  /** Called by the informer for every add, update and delete; never filters anything out. */
  @Override
  public boolean accept(Workspace ws) {
    boolean deleted = cache.apply(ResourceID.fromResource(ws)).isEmpty();
    Change change;
    synchronized (this) {
      change = new Change(++seq, ws, deleted);
      recent.addLast(change);
      if (recent.size() > KEPT) {
        recent.removeFirst();
      }
    }
    for (Consumer<Change> listener : listeners) {
      listener.accept(change);
    }
    return true;
  }

  public Runnable subscribe(Consumer<Change> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** The changes after {@code afterSeq}, or empty when some of them are no longer kept (send a snapshot instead). */
  public synchronized Optional<List<Change>> since(long afterSeq) {
    if (afterSeq > seq) {
      return Optional.empty(); // a sequence from before an operator restart
    }
    if (!recent.isEmpty() && recent.peekFirst().seq() > afterSeq + 1) {
      return Optional.empty();
    }
    if (recent.isEmpty() && afterSeq < seq) {
      return Optional.empty();
    }
    List<Change> missed = new ArrayList<>();
    for (Change change : recent) {
      if (change.seq() > afterSeq) {
        missed.add(change);
      }
    }
    return Optional.of(missed);
  }

  public synchronized long lastSeq() {
    return seq;
  }
}
