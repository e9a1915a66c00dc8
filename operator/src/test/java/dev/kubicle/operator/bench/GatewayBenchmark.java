package dev.kubicle.operator.bench;

import dev.kubicle.operator.gateway.Commands;
import dev.kubicle.operator.gateway.DesiredState;
import dev.kubicle.operator.gateway.GatewayMetrics;
import dev.kubicle.operator.gateway.GatewaySync;
import dev.kubicle.operator.gateway.NetworkNamespace;
import dev.kubicle.operator.gateway.NftFirewall;
import dev.kubicle.operator.gateway.NftRules;
import dev.kubicle.operator.gateway.UapiControl;
import dev.kubicle.operator.gateway.WgToolControl;
import dev.kubicle.operator.gateway.WireGuardControl;
import dev.kubicle.operator.network.OverlayRange;
import dev.kubicle.operator.network.WireGuardKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The gateway's sync on real wireguard-go and nftables in a network namespace: a full sync of N peers (with their
 * allowed pairs and targets) into a fresh interface, then one peer added and one removed with N present, over the
 * UAPI socket and with {@code wg set}. Every peer gets an endpoint first; a peer that was removed and re-added would
 * lose it, so counting endpoints afterwards proves unchanged peers were left alone.
 */
final class GatewayBenchmark {
  private GatewayBenchmark() {}

  static void run(int peers, int rounds) throws Exception {
    String why = NetworkNamespace.whyUnavailable("ip", "wireguard-go", "wg", "nft");
    if (why != null) {
      System.out.println("gateway sync: skipped (" + why + ")");
      return;
    }
    for (String how : List.of("uapi", "wg set")) {
      try (NetworkNamespace ns = NetworkNamespace.create("kgw-bench")) {
        measure(ns, how, peers, rounds);
      }
    }
  }

  private static void measure(NetworkNamespace ns, String how, int count, int rounds) throws Exception {
    String iface = NetworkNamespace.interfaceName("kbn");
    Path log = Files.createTempFile("kubicle-gateway-bench", ".log");
    ns.spawn(List.of("wireguard-go", "-f", iface), log, Map.of("LOG_LEVEL", "error"));
    Path socket = UapiControl.socketOf(iface);
    for (int i = 0; i < 500 && !Files.exists(socket); i++) {
      Thread.sleep(20);
    }
    WireGuardControl control = how.equals("uapi") ? new UapiControl(socket) : new WgToolControl(iface);
    control.configure(WireGuardKeys.generate().privateKey(), 51820);
    OverlayRange range = OverlayRange.parse(OverlayRange.DEFAULT_CIDR);
    Map<String, String> peers = new HashMap<>();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String key = WireGuardKeys.generate().publicKey();
      keys.add(key);
      peers.put(key, OverlayRange.format(range.allocatable(i)));
    }
    State state = new State(peers, range, count);
    NftFirewall firewall = new NftFirewall(new NftRules(NftRules.DEFAULT_TABLE, iface), ns.prefix());
    try (GatewaySync sync = new GatewaySync(state::current, control, firewall, new GatewayMetrics(),
        Duration.ofMillis(1))) {
      long start = System.nanoTime();
      sync.syncNow();
      double fullMs = (System.nanoTime() - start) / 1e6;
      // Endpoints on every peer: a peer re-created by a sync would come back without one.
      List<String> endpoints = new ArrayList<>(List.of("wg", "set", iface));
      for (String key : keys) {
        endpoints.addAll(List.of("peer", key, "endpoint", "192.0.2.1:51820"));
      }
      Commands.run(endpoints, null);
      List<Double> changeMs = new ArrayList<>();
      int next = count;
      for (int round = 0; round < rounds; round++) {
        String added = WireGuardKeys.generate().publicKey();
        String removed = keys.remove(0);
        state.change(added, OverlayRange.format(range.allocatable(next++)), removed);
        keys.add(added);
        long t = System.nanoTime();
        GatewaySync.Outcome outcome = sync.syncNow();
        changeMs.add((System.nanoTime() - t) / 1e6);
        if (outcome.peers().upsert().size() != 1 || outcome.peers().remove().size() != 1) {
          throw new IllegalStateException("expected one add and one remove, got " + outcome.peers());
        }
      }
      int withEndpoint = 0;
      for (String line : ns.run("wg", "show", iface, "endpoints").split("\n")) {
        if (line.contains("192.0.2.1:51820")) {
          withEndpoint++;
        }
      }
      Collections.sort(changeMs);
      System.out.printf("gateway sync (%s, wireguard-go + nft): full sync of %d peers (+%d pairs, %d targets) "
          + "%.0f ms; add one + remove one with %d present: median %.1f ms, max %.1f ms over %d rounds; "
          + "unchanged peers kept their endpoint: %d of %d%n", how, count, count, count / 2, fullMs, count,
          changeMs.get(changeMs.size() / 2), changeMs.get(changeMs.size() - 1), rounds, withEndpoint,
          count - rounds);
    }
  }

  /** N devices of N/2 users, each user with one workspace: pairs and targets as a real gateway would have. */
  private static final class State {
    private final Map<String, String> peers;
    private final Map<String, String> targets = new HashMap<>();
    private final Set<DesiredState.Pair> allowed = new HashSet<>();
    private final OverlayRange range;

    State(Map<String, String> peers, OverlayRange range, int count) {
      this.peers = peers;
      this.range = range;
      int i = 0;
      for (String device : peers.values()) {
        String workspace = OverlayRange.format(range.allocatable(30000 + i / 2));
        targets.put(workspace, "10.244." + (i / 2 / 250) + "." + (i / 2 % 250 + 1));
        allowed.add(new DesiredState.Pair(device, workspace));
        i++;
      }
    }

    synchronized void change(String added, String address, String removed) {
      String gone = peers.remove(removed);
      allowed.removeIf(p -> p.device().equals(gone));
      peers.put(added, address);
      allowed.add(new DesiredState.Pair(address, OverlayRange.format(range.allocatable(30000))));
    }

    synchronized DesiredState current() {
      return new DesiredState(peers, targets, allowed, List.of());
    }
  }
}
