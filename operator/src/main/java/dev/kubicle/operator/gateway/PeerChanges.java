package dev.kubicle.operator.gateway;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The difference between the peers an interface has and the peers it should have. Peers that are already right appear
 * in neither list, so their sessions are never touched.
 *
 * @param remove public keys to remove
 * @param upsert public key to its one allowed address (a.b.c.d/32), for peers to add or whose address changed
 */
public record PeerChanges(List<String> remove, Map<String, String> upsert) {

  public PeerChanges {
    remove = List.copyOf(new TreeSet<>(remove));
    upsert = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(upsert));
  }

  /** Compares what the interface reports with the desired peers (public key to device address). */
  public static PeerChanges between(Collection<PeerStatus> current, Map<String, String> desired) {
    List<String> remove = new java.util.ArrayList<>();
    Map<String, String> upsert = new TreeMap<>();
    Map<String, PeerStatus> byKey = new java.util.HashMap<>();
    for (PeerStatus peer : current) {
      byKey.put(peer.publicKey(), peer);
      if (!desired.containsKey(peer.publicKey())) {
        remove.add(peer.publicKey());
      }
    }
    desired.forEach((key, address) -> {
      PeerStatus peer = byKey.get(key);
      String cidr = address + "/32";
      if (peer == null || !peer.allowedIps().equals(List.of(cidr))) {
        upsert.put(key, cidr);
      }
    });
    return new PeerChanges(remove, upsert);
  }

  public boolean isEmpty() {
    return remove.isEmpty() && upsert.isEmpty();
  }

  @Override
  public String toString() {
    return "+/~" + upsert.size() + " -" + remove.size();
  }
}
