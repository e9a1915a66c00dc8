package dev.kubicle.operator.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Talks WireGuard's cross-platform UAPI (https://www.wireguard.com/xplatform/) over wireguard-go's unix socket: one
 * connection per request, keys in hex. Cheaper than starting {@code wg} for every change, and what {@code wg} itself
 * does with a userspace interface.
 */
public final class UapiControl implements WireGuardControl {
  /** Where wireguard-go puts its control socket. */
  public static final Path SOCKET_DIRECTORY = Path.of("/var/run/wireguard");

  private final Path socket;

  public UapiControl(Path socket) {
    this.socket = socket;
  }

  public static Path socketOf(String interfaceName) {
    return SOCKET_DIRECTORY.resolve(interfaceName + ".sock");
  }

  @Override
  public void configure(String privateKey, int listenPort) throws IOException {
    set("private_key=" + hex(privateKey) + "\nlisten_port=" + listenPort + "\n");
  }

  @Override
  public List<PeerStatus> peers() throws IOException {
    List<String> lines = request("get=1\n\n");
    List<PeerStatus> peers = new ArrayList<>();
    PeerBuilder current = null;
    for (String line : lines) {
      int eq = line.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = line.substring(0, eq);
      String value = line.substring(eq + 1);
      switch (key) {
        case "public_key" -> {
          if (current != null) {
            peers.add(current.build());
          }
          current = new PeerBuilder(base64(value));
        }
        case "allowed_ip" -> { if (current != null) { current.allowedIps.add(value); } }
        case "last_handshake_time_sec" -> { if (current != null) { current.handshake = Long.parseLong(value); } }
        case "rx_bytes" -> { if (current != null) { current.rx = Long.parseLong(value); } }
        case "tx_bytes" -> { if (current != null) { current.tx = Long.parseLong(value); } }
        default -> { }
      }
    }
    if (current != null) {
      peers.add(current.build());
    }
    return peers;
  }

  @Override
  public void apply(PeerChanges changes) throws IOException {
    if (changes.isEmpty()) {
      return;
    }
    StringBuilder body = new StringBuilder();
    for (String key : changes.remove()) {
      body.append("public_key=").append(hex(key)).append("\nremove=true\n");
    }
    changes.upsert().forEach((key, cidr) -> body.append("public_key=").append(hex(key))
        .append("\nreplace_allowed_ips=true\nallowed_ip=").append(cidr).append('\n'));
    set(body.toString());
  }

  private void set(String body) throws IOException {
    request("set=1\n" + body + "\n");
  }

  /** Sends one request and returns the answer's lines; a non-zero errno is an IOException naming it. */
  private List<String> request(String text) throws IOException {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
      while (out.hasRemaining()) {
        channel.write(out);
      }
      BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
          StandardCharsets.US_ASCII));
      List<String> lines = new ArrayList<>();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith("errno=")) {
          if (!line.equals("errno=0")) {
            throw new IOException("WireGuard UAPI at " + socket + " answered " + line
                + (text.startsWith("set") ? " to a set request" : " to a get request"));
          }
          return lines;
        }
        lines.add(line);
      }
      throw new IOException("WireGuard UAPI at " + socket + " closed the connection without an errno line");
    }
  }

  static String hex(String base64Key) {
    return HexFormat.of().formatHex(Base64.getDecoder().decode(base64Key));
  }

  static String base64(String hexKey) {
    return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hexKey));
  }

  private static final class PeerBuilder {
    private final String key;
    private final List<String> allowedIps = new ArrayList<>();
    private long handshake;
    private long rx;
    private long tx;

    PeerBuilder(String key) {
      this.key = key;
    }

    PeerStatus build() {
      return new PeerStatus(key, allowedIps, handshake, rx, tx);
    }
  }
}
