package dev.kubicle.operator.gateway;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The nftables scripts the gateway feeds to {@code nft -f -}: the whole Kubicle table (first sync, or repair after a
 * failure) and element-level changes between two states. Each script is one nft transaction: all of it or none.
 *
 * <p>Rules, for traffic arriving on the WireGuard interface: a workspace address is rewritten to its pod's IP
 * (DNAT, all ports) and the source is masqueraded, so the pod answers the gateway. Forwarding is allowed only when
 * (device address, original workspace address) is in the {@code allowed} set, checked on every packet, not just the
 * first: removing a pair cuts an open connection at once, without waiting for conntrack entries to expire. Devices
 * never reach each other or the gateway itself; answers go back to devices as established traffic only.
 */
public final class NftRules {
  public static final String FAMILY = "ip";
  public static final String DEFAULT_TABLE = "kubicle";

  private final String table;
  private final String iface;

  public NftRules(String table, String iface) {
    this.table = table;
    this.iface = iface;
  }

  /** Replaces the table with one holding exactly this state. Adding first makes the delete safe when it is absent. */
  public String fullTable(DesiredState state) {
    String i = '"' + iface + '"';
    return """
        table %1$s %2$s
        delete table %1$s %2$s
        table %1$s %2$s {
          set allowed {
            type ipv4_addr . ipv4_addr
        %3$s  }
          map targets {
            type ipv4_addr : ipv4_addr
        %4$s  }
          chain prerouting {
            type nat hook prerouting priority dstnat; policy accept;
            iifname %5$s dnat to ip daddr map @targets
          }
          chain forward {
            type filter hook forward priority filter; policy accept;
            iifname %5$s oifname %5$s drop
            iifname %5$s ip saddr . ct original ip daddr @allowed accept
            iifname %5$s drop
            oifname %5$s ct state established,related accept
            oifname %5$s drop
          }
          chain input {
            type filter hook input priority filter; policy accept;
            iifname %5$s ct state established,related accept
            iifname %5$s drop
          }
          chain postrouting {
            type nat hook postrouting priority srcnat; policy accept;
            iifname %5$s oifname != %5$s masquerade
          }
        }
        """.formatted(FAMILY, table, elementsLine(pairs(state.allowed())), elementsLine(mappings(state.targets())), i);
  }

  /** Element changes from one state to the next: deletions first, then additions; empty when nothing changed. */
  public String changes(DesiredState from, DesiredState to) {
    List<String> lines = new ArrayList<>();
    List<String> goneMappings = new ArrayList<>();
    List<String> newMappings = new ArrayList<>();
    from.targets().forEach((address, podIp) -> {
      if (!podIp.equals(to.targets().get(address))) {
        goneMappings.add(address + " : " + podIp);
      }
    });
    to.targets().forEach((address, podIp) -> {
      if (!podIp.equals(from.targets().get(address))) {
        newMappings.add(address + " : " + podIp);
      }
    });
    List<DesiredState.Pair> gonePairs = from.allowed().stream().filter(p -> !to.allowed().contains(p)).toList();
    List<DesiredState.Pair> newPairs = to.allowed().stream().filter(p -> !from.allowed().contains(p)).toList();
    element(lines, "delete", "allowed", pairs(gonePairs));
    element(lines, "delete", "targets", goneMappings);
    element(lines, "add", "targets", newMappings);
    element(lines, "add", "allowed", pairs(newPairs));
    return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
  }

  /** Removes the table (gateway shutdown). */
  public String deleteTable() {
    return "table " + FAMILY + " " + table + "\ndelete table " + FAMILY + " " + table + "\n";
  }

  private void element(List<String> lines, String verb, String set, List<String> elements) {
    if (!elements.isEmpty()) {
      lines.add(verb + " element " + FAMILY + " " + table + " " + set + " { " + String.join(", ", elements) + " }");
    }
  }

  private static List<String> pairs(Collection<DesiredState.Pair> pairs) {
    return pairs.stream().map(p -> p.device() + " . " + p.workspace()).collect(Collectors.toList());
  }

  private static List<String> mappings(Map<String, String> targets) {
    return targets.entrySet().stream().map(e -> e.getKey() + " : " + e.getValue()).collect(Collectors.toList());
  }

  private static String elementsLine(List<String> elements) {
    return elements.isEmpty() ? "" : "    elements = { " + String.join(", ", elements) + " }\n";
  }
}
