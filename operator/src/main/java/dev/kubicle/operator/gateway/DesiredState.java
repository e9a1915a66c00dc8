package dev.kubicle.operator.gateway;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the gateway should enforce, computed from the cluster: WireGuard peers, where each workspace address goes, and
 * which device may reach which workspace. Sorted, so equal states compare and print equal.
 *
 * @param peers device public key (base64) to the device's overlay address
 * @param targets workspace overlay address to the current pod IP
 * @param allowed (device address, workspace address) pairs the forward chain lets through
 * @param problems entries that were skipped, each naming its object and what is wrong
 */
public record DesiredState(
    Map<String, String> peers,
    Map<String, String> targets,
    Set<Pair> allowed,
    List<String> problems) {

  /** A device address and a workspace address. */
  public record Pair(String device, String workspace) implements Comparable<Pair> {
    @Override
    public int compareTo(Pair other) {
      int byDevice = Addresses.compare(device, other.device);
      return byDevice != 0 ? byDevice : Addresses.compare(workspace, other.workspace);
    }
  }

  public DesiredState {
    peers = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(peers));
    TreeMap<String, String> byAddress = new TreeMap<>(Addresses::compare);
    byAddress.putAll(targets);
    targets = java.util.Collections.unmodifiableSortedMap(byAddress);
    allowed = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(allowed));
    problems = List.copyOf(problems);
  }

  public static DesiredState empty() {
    return new DesiredState(Map.of(), Map.of(), Set.of(), List.of());
  }

  /** Same as another state, problems aside (they do not change what is applied). */
  public boolean sameEnforcement(DesiredState other) {
    return peers.equals(other.peers) && targets.equals(other.targets) && allowed.equals(other.allowed);
  }
}
