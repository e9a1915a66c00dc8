package dev.kubicle.operator.gateway;

import java.util.concurrent.atomic.AtomicLong;

/** The gateway's figures, rendered in Prometheus' text format for /metrics. */
public final class GatewayMetrics {
  final AtomicLong peers = new AtomicLong();
  final AtomicLong targets = new AtomicLong();
  final AtomicLong allowedPairs = new AtomicLong();
  final AtomicLong skippedEntries = new AtomicLong();
  final AtomicLong syncs = new AtomicLong();
  final AtomicLong syncErrors = new AtomicLong();
  final AtomicLong peerChanges = new AtomicLong();
  final AtomicLong lastSyncNanos = new AtomicLong();

  public long syncs() {
    return syncs.get();
  }

  public long syncErrors() {
    return syncErrors.get();
  }

  public String render() {
    StringBuilder out = new StringBuilder();
    gauge(out, "kubicle_gateway_peers", "WireGuard peers (devices) configured", peers.get());
    gauge(out, "kubicle_gateway_targets", "Workspace addresses forwarded to a pod", targets.get());
    gauge(out, "kubicle_gateway_allowed_pairs", "(device, workspace) pairs allowed through", allowedPairs.get());
    gauge(out, "kubicle_gateway_skipped_entries", "Devices, workspaces or pods skipped as invalid in the last sync",
        skippedEntries.get());
    counter(out, "kubicle_gateway_syncs_total", "Syncs run", syncs.get());
    counter(out, "kubicle_gateway_sync_errors_total", "Syncs that failed (retried)", syncErrors.get());
    counter(out, "kubicle_gateway_peer_changes_total", "Peers added, updated or removed", peerChanges.get());
    out.append("# HELP kubicle_gateway_last_sync_duration_seconds How long the last sync took\n")
        .append("# TYPE kubicle_gateway_last_sync_duration_seconds gauge\n")
        .append("kubicle_gateway_last_sync_duration_seconds ")
        .append(String.format(java.util.Locale.ROOT, "%.6f", lastSyncNanos.get() / 1e9)).append('\n');
    return out.toString();
  }

  private static void gauge(StringBuilder out, String name, String help, long value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n')
        .append("# TYPE ").append(name).append(" gauge\n").append(name).append(' ').append(value).append('\n');
  }

  private static void counter(StringBuilder out, String name, String help, long value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n')
        .append("# TYPE ").append(name).append(" counter\n").append(name).append(' ').append(value).append('\n');
  }
}
