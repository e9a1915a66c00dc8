package dev.kubicle.operator.local;

import static dev.kubicle.operator.support.OperatorHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.operator.OperatorConfig;
import dev.kubicle.operator.agentapi.AgentTokenSecrets;
import dev.kubicle.operator.agentapi.UserKeys;
import dev.kubicle.operator.kube.Conditions;
import dev.kubicle.operator.provision.local.LocalProvisioner;
import dev.kubicle.operator.support.OnConflict;
import dev.kubicle.operator.support.OperatorHarness;
import dev.kubicle.operator.support.Repository;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dev-cluster workspace end to end, with real processes: the operator, the real agent jar spawned by the local
 * provisioner, and OpenSSH's ssh client logging in with the owner's key.
 */
class LocalWorkspaceTest {
  private static final Path AGENT_JAR = Repository.agentJar();

  @Test
  void localWorkspaceStartsServesSshStopsAndIsDeleted(@TempDir Path tmp) throws Exception {
    assertThat(AGENT_JAR).as("the agent jar is built before the operator's tests (module order in pom.xml)")
        .exists();
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh")) && Files.isExecutable(Path.of("/usr/bin/ssh-keygen")),
        "OpenSSH client missing (.ci/run installs openssh-client)");
    Path key = tmp.resolve("id_ed25519");
    run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()));
    Path base = tmp.resolve("workspaces");
    OperatorConfig config = OperatorConfig.forTests().onLoopbackPort(freePort());
    LocalProvisioner.Factory local = client -> new LocalProvisioner(base,
        LocalProvisioner.defaultAgentCommand(AGENT_JAR), config.controlPlaneUrl(), new AgentTokenSecrets(client));

    try (OperatorHarness harness = OperatorHarness.start(config, (String) null, local)) {
      Template template = Serialization.unmarshal(
          Files.readString(Repository.root().resolve("examples/templates/local/template.yaml")), Template.class);
      template.getMetadata().setNamespace(NS);
      harness.createTemplate(template);
      harness.client().configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata()
          .withName(UserKeys.configMapName("developer")).addToAnnotations(UserKeys.USER_ANNOTATION, "developer")
          .addToLabels(UserKeys.LABEL, "true")
          .endMetadata().addToData(UserKeys.KEY, Files.readString(Path.of(key + ".pub"))).build()).create();
      Workspace ws = OperatorHarness.workspace("my-local", "local", Map.of());
      ws.getSpec().setOwner("developer");
      harness.createWorkspace(ws);

      Workspace ready = awaitReady(harness);
      String port = ready.getStatus().getOutputs().get("ssh_port");
      Path home = Path.of(ready.getStatus().getOutputs().get("directory"));
      assertThat(home).startsWith(base);
      assertThat(ssh(key, port, "cat README.txt")).contains("survive a stop");
      assertThat(ssh(key, port, "-tt", "tty")).contains("/dev/pts/");

      // The operator restarts: the agent reconnects to the new one, which still finds the process to stop.
      harness.stopOperator();
      harness.startOperator();
      awaitReady(harness);

      setRunning(harness, false);
      harness.awaitPhase("my-local", WorkspacePhase.Stopped);
      assertThat(Files.readString(base.resolve(NS).resolve(home.getParent().getFileName()).resolve("agent.pid")))
          .satisfies(pid -> assertThat(ProcessHandle.of(Long.parseLong(pid.strip())).map(ProcessHandle::isAlive))
              .isNotEqualTo(java.util.Optional.of(true)));
      assertThat(home.resolve("README.txt")).exists();

      harness.client().resources(Workspace.class).inNamespace(NS).withName("my-local").delete();
      harness.awaitGone("my-local");
      assertThat(home).doesNotExist();
    }
  }

  private static Workspace awaitReady(OperatorHarness harness) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
      Workspace ws = harness.workspace("my-local");
      return ws != null && ws.getStatus() != null && Conditions.isTrue(ws.getStatus().getConditions(), "Ready");
    });
    return harness.workspace("my-local");
  }

  private static void setRunning(OperatorHarness harness, boolean running) {
    OnConflict.retry(() -> harness.client().resources(Workspace.class).inNamespace(NS).withName("my-local")
        .edit(w -> {
          w.getSpec().setRunning(running);
          return w;
        }));
  }

  private static String ssh(Path key, String port, String... command) throws Exception {
    List<String> args = new ArrayList<>(List.of("ssh", "-p", port, "-i", key.toString(), "-o", "BatchMode=yes",
        "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
        "developer@127.0.0.1"));
    args.addAll(List.of(command));
    return run(args);
  }

  private static String run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE)
        .start();
    p.getOutputStream().close();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not finish within 30 s");
    }
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.exitValue()).as("%s printed: %s", command, out).isZero();
    return out;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

}
