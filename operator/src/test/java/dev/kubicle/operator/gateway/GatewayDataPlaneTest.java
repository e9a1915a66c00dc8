package dev.kubicle.operator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kubicle.operator.network.WireGuardKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's data-plane pieces against the real thing in a throwaway network namespace: wireguard-go driven over
 * its UAPI socket and by {@code wg}, and the nftables table written and changed by {@code nft}.
 */
class GatewayDataPlaneTest {
  @TempDir
  Path tmp;
  private NetworkNamespace ns;
  private String iface;

  @BeforeEach
  void namespace() throws Exception {
    String why = NetworkNamespace.whyUnavailable("ip", "wireguard-go", "wg", "nft");
    assumeTrue(why == null, why);
    ns = NetworkNamespace.create("kgw-dp");
    iface = NetworkNamespace.interfaceName("kdp");
  }

  @AfterEach
  void cleanUp() {
    if (ns != null) {
      ns.close();
    }
  }

  @Test
  void onlyChangedPeersAreTouchedOverUapiAndWgAgrees() throws Exception {
    startWireguardGo();
    UapiControl uapi = new UapiControl(UapiControl.socketOf(iface));
    WireGuardKeys.KeyPair gateway = WireGuardKeys.generate();
    uapi.configure(gateway.privateKey(), 51999);
    String a = WireGuardKeys.generate().publicKey();
    String b = WireGuardKeys.generate().publicKey();
    String c = WireGuardKeys.generate().publicKey();

    PeerChanges first = PeerChanges.between(uapi.peers(), Map.of(a, "100.64.0.2", b, "100.64.0.3", c, "100.64.0.4"));
    uapi.apply(first);
    PeerChanges second = PeerChanges.between(uapi.peers(), Map.of(a, "100.64.0.2", b, "100.64.0.30"));
    uapi.apply(second);

    assertThat(first.upsert()).hasSize(3);
    assertThat(second.remove()).containsExactly(c);
    assertThat(second.upsert()).containsExactlyEntriesOf(Map.of(b, "100.64.0.30/32"));
    assertThat(peers(uapi)).containsExactlyInAnyOrderEntriesOf(Map.of(a, List.of("100.64.0.2/32"),
        b, List.of("100.64.0.30/32")));
    assertThat(peers(new WgToolControl(iface))).isEqualTo(peers(uapi));
    assertThat(ns.run("wg", "show", iface, "listen-port").strip()).isEqualTo("51999");
    assertThat(ns.run("wg", "show", iface, "public-key").strip()).isEqualTo(gateway.publicKey());
    assertThat(PeerChanges.between(uapi.peers(), Map.of(a, "100.64.0.2", b, "100.64.0.30")).isEmpty()).isTrue();
  }

  @Test
  void wgToolAppliesTheSameChangesInOneCommand() throws Exception {
    startWireguardGo();
    WgToolControl wg = new WgToolControl(iface);
    wg.configure(WireGuardKeys.generate().privateKey(), 51998);
    String a = WireGuardKeys.generate().publicKey();
    String b = WireGuardKeys.generate().publicKey();
    wg.apply(PeerChanges.between(wg.peers(), Map.of(a, "100.64.0.2", b, "100.64.0.3")));

    wg.apply(PeerChanges.between(wg.peers(), Map.of(b, "100.64.0.3")));

    assertThat(peers(wg)).containsExactlyEntriesOf(Map.of(b, List.of("100.64.0.3/32")));
    assertThat(ns.run("wg", "show", iface, "listen-port").strip()).isEqualTo("51998");
  }

  @Test
  void firewallWritesTheTableOnceThenOnlyElementsAndRepairsAfterAFailure() throws Exception {
    NftFirewall firewall = new NftFirewall(new NftRules(NftRules.DEFAULT_TABLE, iface), ns.prefix());
    DesiredState one = new DesiredState(Map.of(), Map.of("100.64.1.2", "10.0.0.5", "100.64.1.3", "10.0.0.6"),
        Set.of(new DesiredState.Pair("100.64.0.9", "100.64.1.2")), List.of());
    DesiredState two = new DesiredState(Map.of(), Map.of("100.64.1.2", "10.0.0.7"),
        Set.of(new DesiredState.Pair("100.64.0.9", "100.64.1.2"), new DesiredState.Pair("100.64.0.10", "100.64.1.2")),
        List.of());

    assertThat(firewall.apply(one)).isTrue();
    String chains = ns.run("nft", "list", "table", "ip", "kubicle");
    ns.run("nft", "add", "element", "ip", "kubicle", "allowed", "{ 100.64.0.99 . 100.64.1.99 }");
    assertThat(firewall.apply(two)).isTrue();
    assertThat(firewall.apply(two)).as("nothing changed, nothing sent").isFalse();

    assertThat(chains).contains("dnat to ip daddr map @targets").contains("ct original ip daddr @allowed accept")
        .contains("masquerade");
    String after = ns.run("nft", "list", "table", "ip", "kubicle");
    assertThat(after).contains("100.64.1.2 : 10.0.0.7").doesNotContain("10.0.0.5").doesNotContain("100.64.1.3")
        .contains("100.64.0.9 . 100.64.1.2").contains("100.64.0.10 . 100.64.1.2")
        .as("element changes leave other elements alone").contains("100.64.0.99 . 100.64.1.99");

    ns.run("nft", "delete", "table", "ip", "kubicle");
    assertThatThrownBy(() -> firewall.apply(one)).hasMessageContaining("updating nftables elements");
    assertThat(firewall.apply(one)).as("after a failure the whole table is written again").isTrue();
    String repaired = ns.run("nft", "list", "table", "ip", "kubicle");
    assertThat(repaired).contains("100.64.1.3 : 10.0.0.6").contains("forward");

    firewall.remove();
    assertThat(ns.attempt("nft", "list", "table", "ip", "kubicle").ok()).isFalse();
  }

  private void startWireguardGo() throws Exception {
    ns.spawn(List.of("wireguard-go", "-f", iface), tmp.resolve("wg.log"), Map.of());
    Path socket = UapiControl.socketOf(iface);
    for (int i = 0; i < 500 && !Files.exists(socket); i++) {
      Thread.sleep(20);
    }
    assertThat(socket).as("wireguard-go made its control socket; log: %s", tmp.resolve("wg.log")).exists();
  }

  private static Map<String, List<String>> peers(WireGuardControl control) throws Exception {
    Map<String, List<String>> result = new TreeMap<>();
    control.peers().forEach(p -> result.put(p.publicKey(), p.allowedIps()));
    return result;
  }
}
