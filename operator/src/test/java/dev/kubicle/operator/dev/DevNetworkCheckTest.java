package dev.kubicle.operator.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Whether `make run` starts the dev gateway, and the one line it prints when it does not. */
class DevNetworkCheckTest {
  private static final Predicate<String> EVERYTHING = program -> true;

  @Test
  void rootWithEveryToolAndTheTunDeviceTurnsNetworkingOn() {
    assertThat(DevNetworkCheck.whyOff(Map.of(), "root", EVERYTHING, true)).isEmpty();
    assertThat(DevNetworkCheck.whyOff(Map.of(DevNetworkCheck.SWITCH, " Auto "), "root", EVERYTHING, true)).isEmpty();
  }

  @Test
  void anotherUserIsToldThatItNeedsRoot() {
    Optional<String> why = DevNetworkCheck.whyOff(Map.of(), "dana", EVERYTHING, true);

    assertThat(why).hasValueSatisfying(w -> assertThat(w).contains("needs root").contains("runs as dana"));
  }

  @Test
  void eachMissingToolIsNamedWithThePackageThatBringsIt() {
    Map<String, String> packages = Map.of("ip", "iproute2", "nft", "nftables", "wg", "wireguard-tools",
        "wireguard-go", "wireguard-go");
    for (Map.Entry<String, String> tool : packages.entrySet()) {
      Optional<String> why = DevNetworkCheck.whyOff(Map.of(), "root", p -> !p.equals(tool.getKey()), true);

      assertThat(why).as(tool.getKey()).hasValue(tool.getKey() + " is not installed (Debian: apt-get install "
          + tool.getValue() + ")");
    }
  }

  @Test
  void onlyThePathIsAskedAboutTheGatewaysOwnTools() {
    Set<String> asked = new java.util.HashSet<>();
    DevNetworkCheck.whyOff(Map.of(), "root", p -> asked.add(p), true);

    assertThat(asked).containsExactlyInAnyOrder("ip", "nft", "wg", "wireguard-go");
  }

  @Test
  void withoutTheTunDeviceWireguardGoCannotRun() {
    assertThat(DevNetworkCheck.whyOff(Map.of(), "root", EVERYTHING, false))
        .hasValueSatisfying(w -> assertThat(w).contains("/dev/net/tun"));
  }

  @Test
  void theSwitchTurnsItOffBeforeAnythingIsChecked() {
    assertThat(DevNetworkCheck.whyOff(Map.of(DevNetworkCheck.SWITCH, "off"), "dana", p -> false, false))
        .hasValue("turned off by KUBICLE_DEV_NETWORK=off");
  }

  @Test
  void anUnknownSwitchValueIsRefusedNamingTheVariable() {
    assertThatThrownBy(() -> DevNetworkCheck.whyOff(Map.of(DevNetworkCheck.SWITCH, "yes"), "root", EVERYTHING, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("KUBICLE_DEV_NETWORK must be auto or off, was: yes");
  }

  @Test
  void theMessageIsOneLineThatSaysWhyAndWhatStillWorks() {
    String line = DevNetworkCheck.offLine("wireguard-go is not installed (Debian: apt-get install wireguard-go)");

    assertThat(line).doesNotContain("\n")
        .startsWith("Networking is off: wireguard-go is not installed (Debian: apt-get install wireguard-go).")
        .contains("127.0.0.1 only");
  }
}
