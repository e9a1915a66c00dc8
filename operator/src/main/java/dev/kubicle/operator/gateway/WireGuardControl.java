package dev.kubicle.operator.gateway;

import java.io.IOException;
import java.util.List;

/** Reads and changes one WireGuard interface's configuration (kernel or wireguard-go). */
public interface WireGuardControl {

  /** Sets the interface's private key and UDP port; peers are left as they are. */
  void configure(String privateKey, int listenPort) throws IOException;

  /** The peers the interface has now. */
  List<PeerStatus> peers() throws IOException;

  /** Applies the changes in one request; peers named in neither list are not touched. */
  void apply(PeerChanges changes) throws IOException;
}
