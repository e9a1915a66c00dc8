package dev.kubicle.operator.local;

import static dev.kubicle.operator.support.OperatorHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateLifecycle;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.operator.OperatorConfig;
import dev.kubicle.operator.agentapi.AgentTokenSecrets;
import dev.kubicle.operator.agentapi.UserKeys;
import dev.kubicle.operator.kube.Conditions;
import dev.kubicle.operator.provision.local.LocalProvisioner;
import dev.kubicle.operator.support.ManualClock;
import dev.kubicle.operator.support.OperatorHarness;
import dev.kubicle.operator.support.Repository;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An open SSH session through the real agent keeps its workspace alive past the TTL, while an idle workspace next
 * to it stops at its deadline. Time runs on a manual clock; the agents and ssh are real processes.
 */
class ActivityKeepsAliveTest {
  private static final Path AGENT_JAR = Repository.agentJar();

  @Test
  void sshSessionKeepsItsWorkspaceRunningWhileTheIdleOneStops(@TempDir Path tmp) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh")), "OpenSSH client missing (.ci/run installs it)");
    Path key = tmp.resolve("id_ed25519");
    new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()).start()
        .waitFor(30, TimeUnit.SECONDS);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ManualClock clock = new ManualClock(Instant.now());
    OperatorConfig config = OperatorConfig.forTests().onLoopbackPort(port).withStatsInterval(Duration.ofMillis(300));
    LocalProvisioner.Factory local = client -> new LocalProvisioner(tmp.resolve("ws"),
        LocalProvisioner.defaultAgentCommand(AGENT_JAR), config.controlPlaneUrl(), new AgentTokenSecrets(client));
    Process session = null;
    try (OperatorHarness harness = OperatorHarness.start(config, clock, local)) {
      Template template = Serialization.unmarshal(Files.readString(
          Repository.root().resolve("examples/templates/local/template.yaml")), Template.class);
      template.getMetadata().setNamespace(NS);
      TemplateLifecycle lifecycle = new TemplateLifecycle();
      lifecycle.setDefaultTtl("1h");
      lifecycle.setActivityBump("1h");
      template.getSpec().setLifecycle(lifecycle);
      harness.createTemplate(template);
      harness.client().configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata()
          .withName(UserKeys.configMapName("alice")).addToAnnotations(UserKeys.USER_ANNOTATION, "alice")
          .addToLabels(UserKeys.LABEL, "true")
          .endMetadata().addToData(UserKeys.KEY, Files.readString(Path.of(key + ".pub"))).build()).create();
      harness.createWorkspace(OperatorHarness.workspace("busy", "local", Map.of()));
      harness.createWorkspace(OperatorHarness.workspace("idle", "local", Map.of()));
      String sshPort = awaitReady(harness, "busy").getStatus().getOutputs().get("ssh_port");
      awaitReady(harness, "idle");

      session = new ProcessBuilder(List.of("ssh", "-p", sshPort, "-i", key.toString(), "-o", "BatchMode=yes",
          "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
          "alice@127.0.0.1", "sleep 120")).redirectErrorStream(true).start();
      Thread.sleep(1500); // the session is open and the agent has reported it

      // Two simulated hours in ten-minute steps, each long enough in real time for a stats report.
      for (int step = 0; step < 12; step++) {
        clock.advance(Duration.ofMinutes(10));
        Thread.sleep(700);
      }

      harness.awaitPhase("idle", WorkspacePhase.Stopped);
      Workspace busy = harness.workspace("busy");
      assertThat(busy.getStatus().getPhase()).isEqualTo(WorkspacePhase.Running);
      assertThat(Instant.parse(busy.getStatus().getDeadline())).isAfter(clock.instant());
      assertThat(harness.workspace("idle").getStatus().getCurrentBuild().getReason().name()).isEqualTo("AUTOSTOP");
    } finally {
      if (session != null) {
        session.destroyForcibly();
      }
    }
  }

  private static Workspace awaitReady(OperatorHarness harness, String name) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
      Workspace ws = harness.workspace(name);
      return ws != null && ws.getStatus() != null && Conditions.isTrue(ws.getStatus().getConditions(), "Ready");
    });
    return harness.workspace(name);
  }
}
