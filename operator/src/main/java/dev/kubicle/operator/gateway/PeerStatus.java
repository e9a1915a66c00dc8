package dev.kubicle.operator.gateway;

import java.util.List;

/**
 * One peer as the WireGuard interface reports it; handshake time and byte counters prove that a peer was left alone
 * (a removed and re-added peer starts again from zero).
 *
 * @param publicKey base64
 * @param allowedIps CIDRs, as the interface lists them
 * @param lastHandshakeSeconds Unix time of the latest handshake, 0 when none yet
 * @param rxBytes bytes received from the peer
 * @param txBytes bytes sent to the peer
 */
public record PeerStatus(String publicKey, List<String> allowedIps, long lastHandshakeSeconds, long rxBytes,
    long txBytes) {
  public PeerStatus {
    allowedIps = List.copyOf(allowedIps);
  }
}
