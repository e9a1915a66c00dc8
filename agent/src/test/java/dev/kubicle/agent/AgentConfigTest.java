package dev.kubicle.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {
  @Test
  void httpBaseUrlsBecomeWebSocketConnectUrls() {
    assertThat(AgentConfig.connectUri("http://kubicle:8080").toString())
        .isEqualTo("ws://kubicle:8080/api/v1/agent/connect");
    assertThat(AgentConfig.connectUri("https://kubicle.example.com/base/").toString())
        .isEqualTo("wss://kubicle.example.com/base/api/v1/agent/connect");
  }

  @Test
  void aMissingUrlOrTokenIsNamedInTheError() {
    assertThatThrownBy(() -> AgentConfig.fromEnvironment(Map.of("KUBICLE_AGENT_TOKEN", "t")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("KUBICLE_AGENT_URL");
    assertThatThrownBy(() -> AgentConfig.fromEnvironment(Map.of("KUBICLE_AGENT_URL", "http://x")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("KUBICLE_AGENT_TOKEN");
    assertThatThrownBy(() -> AgentConfig.fromEnvironment(Map.of("KUBICLE_AGENT_URL", "ftp://x",
        "KUBICLE_AGENT_TOKEN", "t"))).isInstanceOf(ConfigException.class).hasMessageContaining("http");
  }

  @Test
  void theTokenCanComeFromAFileAndIsNeverPrinted(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "s3cret-token\n");

    AgentConfig config = AgentConfig.fromEnvironment(Map.of("KUBICLE_AGENT_URL", "http://x",
        "KUBICLE_AGENT_TOKEN_FILE", file.toString(), "KUBICLE_AGENT_SSH_PORT", "0"));

    assertThat(config.token()).isEqualTo("s3cret-token");
    assertThat(config.sshPort()).isZero();
    assertThat(config.toString()).doesNotContain("s3cret-token");
  }

  @Test
  void defaultsFollowTheProtocol() {
    AgentConfig config = AgentConfig.fromEnvironment(Map.of("KUBICLE_AGENT_URL", "http://x",
        "KUBICLE_AGENT_TOKEN", "t"));

    assertThat(config.sshPort()).isEqualTo(2222);
    assertThat(config.sshHostKey().toString()).endsWith(".kubicle-agent/ssh_host_key");
  }
}
