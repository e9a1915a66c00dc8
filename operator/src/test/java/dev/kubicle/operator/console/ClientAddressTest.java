package dev.kubicle.operator.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client-address decision as a table: which X-Forwarded-For entry counts for how many trusted proxies. */
class ClientAddressTest {
  private static final String PEER = "10.0.0.9";

  record Row(int hops, List<String> headers, String expected) {}

  @Test
  void theEntryTheOutermostTrustedProxyWroteCountsAndNothingToItsLeft() {
    List<Row> table = List.of(
        new Row(0, List.of("6.6.6.6"), PEER),
        new Row(0, List.of(), PEER),
        new Row(1, List.of(), PEER),
        new Row(1, List.of("203.0.113.7"), "203.0.113.7"),
        new Row(1, List.of("6.6.6.6, 203.0.113.7"), "203.0.113.7"),
        new Row(1, List.of("6.6.6.6", "203.0.113.7"), "203.0.113.7"),
        new Row(2, List.of("6.6.6.6, 203.0.113.7, 10.1.0.4"), "203.0.113.7"),
        new Row(2, List.of("203.0.113.7"), "203.0.113.7"),
        new Row(1, List.of("6.6.6.6, 2001:db8::1"), "2001:db8::1"),
        new Row(1, List.of("6.6.6.6, "), PEER),
        new Row(1, List.of("6.6.6.6, not an address"), PEER),
        new Row(1, List.of("x".repeat(65)), PEER));
    for (Row row : table) {
      assertThat(ClientAddress.choose(PEER, row.headers(), row.hops())).as(row.toString()).isEqualTo(row.expected());
    }
  }

  @Test
  void theHopCountIsReadWithErrorsNamingTheVariable() {
    String url = "http://127.0.0.1:1";
    assertThat(ConsoleConfig.fromEnvironment(Map.of(), url).trustedProxyHops()).isZero();
    assertThat(ConsoleConfig.fromEnvironment(Map.of("KUBICLE_TRUSTED_PROXY_HOPS", "2"), url).trustedProxyHops())
        .isEqualTo(2);
    assertThat(ConsoleConfig.fromEnvironment(Map.of("KUBICLE_TRUST_X_FORWARDED_FOR", "true"), url).trustedProxyHops())
        .as("the former switch means one proxy").isEqualTo(1);
    assertThatThrownBy(() -> ConsoleConfig.fromEnvironment(Map.of("KUBICLE_TRUSTED_PROXY_HOPS", "one"), url))
        .hasMessageContaining("KUBICLE_TRUSTED_PROXY_HOPS");
    assertThatThrownBy(() -> ConsoleConfig.fromEnvironment(Map.of("KUBICLE_TRUSTED_PROXY_HOPS", "-1"), url))
        .hasMessageContaining("KUBICLE_TRUSTED_PROXY_HOPS");
    assertThatThrownBy(() -> ConsoleConfig.fromEnvironment(Map.of("KUBICLE_TRUST_X_FORWARDED_FOR", "yes"), url))
        .hasMessageContaining("KUBICLE_TRUST_X_FORWARDED_FOR").hasMessageContaining("KUBICLE_TRUSTED_PROXY_HOPS");
  }
}
