package dev.kubicle.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kubicle.agent.support.AgentProcess;
import dev.kubicle.agent.support.ScriptedControlPlane;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** KUBICLE_AGENT_SSH_LISTEN: a local workspace's SSH server answers on loopback and nowhere else. */
@Timeout(60)
class SshListenAddressTest {

  @Test
  void theSettingTakesIpAddressesOnlyAndNamesItselfWhenWrong() {
    Map<String, String> base = Map.of("KUBICLE_AGENT_URL", "http://x", "KUBICLE_AGENT_TOKEN", "t");
    assertThat(AgentConfig.fromEnvironment(base).sshListen()).isNull();
    Map<String, String> two = new java.util.HashMap<>(base);
    two.put("KUBICLE_AGENT_SSH_LISTEN", " 127.0.0.1, 169.254.213.1 ");
    assertThat(AgentConfig.fromEnvironment(two).sshListen()).isEqualTo("127.0.0.1,169.254.213.1");
    Map<String, String> name = new java.util.HashMap<>(base);
    name.put("KUBICLE_AGENT_SSH_LISTEN", "localhost");
    assertThatThrownBy(() -> AgentConfig.fromEnvironment(name)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("KUBICLE_AGENT_SSH_LISTEN").hasMessageContaining("localhost");
  }

  @Test
  void anAgentListeningOnLoopbackIsNotReachableOnTheMachinesOtherAddress(@TempDir Path dir) throws Exception {
    Optional<InetAddress> other = nonLoopbackAddress();
    assumeTrue(other.isPresent(), "this machine has no non-loopback IPv4 address to try");
    try (ScriptedControlPlane cp = ScriptedControlPlane.start("listen-token-0123456789abcdef");
         AgentProcess agent = startWithManifest(cp, cp.baseUrl(), "listen-token-0123456789abcdef", dir.toRealPath(),
             Map.of("KUBICLE_AGENT_SSH_LISTEN", "127.0.0.1"))) {
      cp.await("lifecycle", f -> f.path("state").asText().equals("ready"), Duration.ofSeconds(20));

      assertThat(connects(InetAddress.getLoopbackAddress(), agent.sshPort)).isTrue();
      assertThat(connects(other.get(), agent.sshPort)).as("SSH on " + other.get().getHostAddress()).isFalse();
    }
  }

  private static AgentProcess startWithManifest(ScriptedControlPlane cp, String baseUrl, String token, Path dir,
      Map<String, String> env) throws IOException {
    cp.useManifest(ScriptedControlPlane.manifest());
    return AgentProcess.start(baseUrl, token, dir, env);
  }

  private static boolean connects(InetAddress address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address instanceof Inet4Address) {
          return Optional.of(address);
        }
      }
    }
    return Optional.empty();
  }
}
