package dev.kubicle.operator.gateway;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Drives a WireGuard interface with {@code wg} (netlink for a kernel interface, the UAPI socket for wireguard-go):
 * {@code wg show dump} to read, one {@code wg set} with every change to write.
 */
public final class WgToolControl implements WireGuardControl {
  private final String interfaceName;

  public WgToolControl(String interfaceName) {
    this.interfaceName = interfaceName;
  }

  @Override
  public void configure(String privateKey, int listenPort) throws IOException {
    // The key goes through stdin, never the command line (which other processes can read).
    Commands.run(List.of("wg", "set", interfaceName, "listen-port", Integer.toString(listenPort), "private-key",
        "/dev/stdin"), privateKey + "\n");
  }

  @Override
  public List<PeerStatus> peers() throws IOException {
    String dump = Commands.run(List.of("wg", "show", interfaceName, "dump"), null);
    List<PeerStatus> peers = new ArrayList<>();
    String[] lines = dump.split("\n");
    // The first line is the interface itself; each further line is one peer:
    // public-key preshared-key endpoint allowed-ips latest-handshake rx tx keepalive
    for (int i = 1; i < lines.length; i++) {
      String[] f = lines[i].split("\t");
      if (f.length < 8) {
        continue;
      }
      List<String> allowed = f[3].equals("(none)") ? List.of() : Arrays.asList(f[3].split(","));
      peers.add(new PeerStatus(f[0], allowed, Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6])));
    }
    return peers;
  }

  @Override
  public void apply(PeerChanges changes) throws IOException {
    if (changes.isEmpty()) {
      return;
    }
    List<String> command = new ArrayList<>(List.of("wg", "set", interfaceName));
    for (String key : changes.remove()) {
      command.addAll(List.of("peer", key, "remove"));
    }
    changes.upsert().forEach((key, cidr) -> command.addAll(List.of("peer", key, "allowed-ips", cidr)));
    Commands.run(command, null);
  }
}
