package dev.kubicle.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubicle.operator.ClusterChoice.Decision;
import dev.kubicle.operator.ClusterChoice.Found;
import dev.kubicle.operator.ClusterChoice.Mode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the operator runs, as a table, and the one case that used to open a dev admin login on a cluster. */
class ClusterChoiceTest {
  private static final String SERVER = "https://10.96.0.1:443/";

  record Row(Mode mode, Found found, Class<? extends Decision> expected) {}

  @Test
  void theDevClusterStartsOnlyWhenAskedFor() {
    List<Row> table = List.of(
        new Row(Mode.CLUSTER, Found.ANSWERED, Decision.UseCluster.class),
        new Row(Mode.CLUSTER, Found.NO_ANSWER, Decision.Refuse.class),
        new Row(Mode.CLUSTER, Found.NOTHING_CONFIGURED, Decision.Refuse.class),
        new Row(Mode.AUTO, Found.ANSWERED, Decision.UseCluster.class),
        new Row(Mode.AUTO, Found.NO_ANSWER, Decision.UseDevCluster.class),
        new Row(Mode.AUTO, Found.NOTHING_CONFIGURED, Decision.UseDevCluster.class),
        new Row(Mode.DEV, Found.ANSWERED, Decision.UseDevCluster.class),
        new Row(Mode.DEV, Found.NO_ANSWER, Decision.UseDevCluster.class),
        new Row(Mode.DEV, Found.NOTHING_CONFIGURED, Decision.UseDevCluster.class));
    for (Row row : table) {
      assertThat(ClusterChoice.decide(row.mode(), row.found(), SERVER, "ConnectException: refused"))
          .as(row.toString()).isInstanceOf(row.expected());
    }
  }

  @Test
  void aRefusalNamesTheServerAndWhatToDo() {
    Decision refused = ClusterChoice.decide(Mode.CLUSTER, Found.NO_ANSWER, SERVER, "HttpConnectTimeoutException");
    assertThat(((Decision.Refuse) refused).message()).contains(SERVER, "HttpConnectTimeoutException", "KUBICLE_MODE");
  }

  @Test
  void anUnknownModeIsAnErrorNamingTheVariable() {
    assertThatThrownBy(() -> ClusterChoice.choose(Map.of("KUBICLE_MODE", "development")))
        .hasMessageContaining("KUBICLE_MODE").hasMessageContaining("development");
  }

  /**
   * The attack: make the API server slow or unreachable while the operator (re)starts in its pod, and it used to
   * start the embedded dev cluster with a one-time dev admin sign-in on the console's port. On main before issue 13
   * this returned a dev-cluster outcome instead of throwing.
   */
  @Test
  void anUnreachableApiServerWithoutTheDevFlagStopsTheOperatorInsteadOfStartingTheDevCluster(@TempDir Path dir)
      throws IOException {
    int closed = closedPort();
    Path kubeconfig = dir.resolve("config");
    Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: gone
          cluster: {server: "https://127.0.0.1:%d"}
        users:
        - name: u
          user: {token: not-a-secret}
        contexts:
        - name: c
          context: {cluster: gone, user: u}
        current-context: c
        """.formatted(closed));
    // fabric8 reads the kubeconfig location from this property (or the KUBECONFIG variable, which a test cannot set).
    String before = System.getProperty("kubeconfig");
    System.setProperty("kubeconfig", kubeconfig.toString());
    try {
      assertThatThrownBy(() -> ClusterChoice.choose(Map.of("KUBECONFIG", kubeconfig.toString())))
          .hasMessageContaining("https://127.0.0.1:" + closed).hasMessageContaining("did not answer");
      assertThat(ClusterChoice.choose(Map.of("KUBECONFIG", kubeconfig.toString(), "KUBICLE_MODE", "auto")).client())
          .as("make run (KUBICLE_MODE=auto) still falls back").isEmpty();
    } finally {
      if (before == null) {
        System.clearProperty("kubeconfig");
      } else {
        System.setProperty("kubeconfig", before);
      }
    }
  }

  @Test
  void withNoKubeconfigAtAllOnlyMakeRunsModeStartsTheDevCluster(@TempDir Path dir) {
    String missing = dir.resolve("none").toString();
    assertThatThrownBy(() -> ClusterChoice.choose(Map.of("KUBECONFIG", missing)))
        .hasMessageContaining("no Kubernetes cluster is configured").hasMessageContaining("make run");
    assertThat(ClusterChoice.choose(Map.of("KUBECONFIG", missing, "KUBICLE_MODE", "auto")).reason())
        .contains("no kubeconfig found");
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
