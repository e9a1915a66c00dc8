package dev.kubicle.operator.gateway;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the desired state: events are gathered for a moment, then one sync on one thread reads the interface's
 * peers, applies only their differences, and updates the nftables elements. A failed sync is retried with backoff;
 * the periodic resync repairs drift (a peer removed by hand comes back).
 */
public final class GatewaySync implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GatewaySync.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final Supplier<DesiredState> desired;
  private final WireGuardControl wireGuard;
  private final NftFirewall firewall;
  private final GatewayMetrics metrics;
  private final Duration coalesce;
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "kubicle-gateway-sync");
    t.setDaemon(true);
    return t;
  });
  private final AtomicBoolean pending = new AtomicBoolean();
  private final AtomicBoolean applied = new AtomicBoolean();
  private volatile List<String> lastProblems = List.of();
  private Duration backoff = Duration.ofMillis(500);

  /** What one sync changed, for logs and benchmarks. */
  public record Outcome(PeerChanges peers, boolean firewallChanged, DesiredState state) {}

  public GatewaySync(Supplier<DesiredState> desired, WireGuardControl wireGuard, NftFirewall firewall,
      GatewayMetrics metrics, Duration coalesce) {
    this.desired = desired;
    this.wireGuard = wireGuard;
    this.firewall = firewall;
    this.metrics = metrics;
    this.coalesce = coalesce;
  }

  /** Asks for a sync soon; requests arriving meanwhile are served by the same sync. */
  public void request() {
    if (pending.compareAndSet(false, true)) {
      executor.schedule(this::runScheduled, coalesce.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Syncs every {@code period} even without events. */
  public void resyncEvery(Duration period) {
    executor.scheduleWithFixedDelay(this::request, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Runs one sync on the sync thread and waits for it (start-up and benchmarks). */
  public Outcome syncNow() throws IOException {
    try {
      return executor.submit(this::sync).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while syncing", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    }
  }

  /** True once a sync has applied everything without an error. */
  public boolean applied() {
    return applied.get();
  }

  private void runScheduled() {
    pending.set(false);
    try {
      sync();
      backoff = Duration.ofMillis(500);
    } catch (IOException | RuntimeException e) {
      LOG.error("sync failed, retrying in {} ms: {}", backoff.toMillis(), e.getMessage());
      if (pending.compareAndSet(false, true)) {
        executor.schedule(this::runScheduled, backoff.toMillis(), TimeUnit.MILLISECONDS);
      }
      backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    }
  }

  private Outcome sync() throws IOException {
    long start = System.nanoTime();
    metrics.syncs.incrementAndGet();
    try {
      DesiredState state = desired.get();
      logProblems(state.problems());
      // The firewall first: a revoked pair stops forwarding before anything else happens. Then WireGuard, even when
      // nft failed, so a revoked device loses its tunnel regardless.
      IOException firewallError = null;
      boolean firewallChanged = false;
      try {
        firewallChanged = firewall.apply(state);
      } catch (IOException e) {
        firewallError = e;
      }
      PeerChanges changes = PeerChanges.between(wireGuard.peers(), state.peers());
      wireGuard.apply(changes);
      if (!changes.isEmpty()) {
        LOG.info("WireGuard peers changed: {} added or updated, {} removed ({} now)", changes.upsert().size(),
            changes.remove().size(), state.peers().size());
      }
      if (firewallError != null) {
        throw firewallError;
      }
      metrics.peerChanges.addAndGet(changes.upsert().size() + changes.remove().size());
      metrics.peers.set(state.peers().size());
      metrics.targets.set(state.targets().size());
      metrics.allowedPairs.set(state.allowed().size());
      metrics.skippedEntries.set(state.problems().size());
      applied.set(true);
      return new Outcome(changes, firewallChanged, state);
    } catch (IOException | RuntimeException e) {
      metrics.syncErrors.incrementAndGet();
      throw e;
    } finally {
      metrics.lastSyncNanos.set(System.nanoTime() - start);
    }
  }

  /** Each skipped entry is logged when it appears, not again on every sync. */
  private void logProblems(List<String> problems) {
    if (problems.equals(lastProblems)) {
      return;
    }
    for (String problem : problems) {
      if (!lastProblems.contains(problem)) {
        LOG.warn("{}", problem);
      }
    }
    lastProblems = problems;
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
