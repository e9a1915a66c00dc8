package dev.kubicle.operator.local;

import static dev.kubicle.operator.support.OperatorHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.OperatorConfig;
import dev.kubicle.operator.agentapi.AgentTokenSecrets;
import dev.kubicle.operator.agentapi.UserKeys;
import dev.kubicle.operator.kube.Conditions;
import dev.kubicle.operator.provision.local.LocalProvisioner;
import dev.kubicle.operator.support.OperatorHarness;
import dev.kubicle.operator.support.Repository;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack: a member removes a leaked key from the console, and whoever holds it keeps logging in to her running
 * workspaces, because the agent only learnt keys from the manifest it got when it connected. On main before issue
 * 13 the removed key kept working until the agent reconnected, so this test failed there. Now a change of the keys
 * ConfigMap sends running agents a new manifest (real agent process, real OpenSSH client).
 */
class RemovedSshKeyTest {

  @Test
  void aRemovedKeyNoLongerLogsInToARunningWorkspaceWhileTheKeptOneStillDoes(@TempDir Path tmp) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh")), "OpenSSH client missing (.ci/run installs it)");
    Path leaked = keyPair(tmp, "leaked");
    Path kept = keyPair(tmp, "kept");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    OperatorConfig config = OperatorConfig.forTests().onLoopbackPort(port);
    LocalProvisioner.Factory local = client -> new LocalProvisioner(tmp.resolve("ws"),
        LocalProvisioner.defaultAgentCommand(Repository.agentJar()), config.controlPlaneUrl(),
        new AgentTokenSecrets(client));
    try (OperatorHarness harness = OperatorHarness.start(config, Clock.systemUTC(), local)) {
      Template template = Serialization.unmarshal(Files.readString(
          Repository.root().resolve("examples/templates/local/template.yaml")), Template.class);
      template.getMetadata().setNamespace(NS);
      harness.createTemplate(template);
      harness.client().configMaps().inNamespace(NS).resource(keys(pub(leaked) + pub(kept))).create();
      harness.createWorkspace(OperatorHarness.workspace("ws", "local", Map.of())); // owned by alice
      String sshPort = awaitReady(harness, "ws").getStatus().getOutputs().get("ssh_port");
      await().atMost(Duration.ofSeconds(30)).until(() -> ssh(sshPort, leaked) == 0);

      harness.client().configMaps().inNamespace(NS).resource(keys(pub(kept))).update();

      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
          .until(() -> ssh(sshPort, leaked) != 0);
      assertThat(ssh(sshPort, kept)).as("the key that stayed").isZero();
    }
  }

  private static ConfigMap keys(String authorizedKeys) {
    return new ConfigMapBuilder().withNewMetadata().withName(UserKeys.configMapName("alice"))
        .addToAnnotations(UserKeys.USER_ANNOTATION, "alice").addToLabels(UserKeys.LABEL, "true").endMetadata()
        .addToData(UserKeys.KEY, authorizedKeys).build();
  }

  private static Path keyPair(Path dir, String name) throws Exception {
    Path key = dir.resolve(name);
    Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f",
        key.toString()).start();
    assertThat(keygen.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return key;
  }

  private static String pub(Path key) throws IOException {
    return Files.readString(Path.of(key + ".pub"));
  }

  /** The exit status of {@code ssh … true} with only this key (255: refused). */
  private static int ssh(String port, Path key) throws Exception {
    Process ssh = new ProcessBuilder(List.of("ssh", "-p", port, "-i", key.toString(), "-o", "IdentitiesOnly=yes",
        "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
        "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10", "alice@127.0.0.1", "true"))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!ssh.waitFor(30, TimeUnit.SECONDS)) {
      ssh.destroyForcibly();
      return -1;
    }
    return ssh.exitValue();
  }

  private static Workspace awaitReady(OperatorHarness harness, String name) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
      Workspace ws = harness.workspace(name);
      return ws != null && ws.getStatus() != null && Conditions.isTrue(ws.getStatus().getConditions(), "Ready");
    });
    return harness.workspace(name);
  }
}
