package dev.kubicle.operator.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kubicle.api.v1alpha1.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The misplaced {@code spec.ttl} of issue 12 and a wrong type, applied with the real kubectl: the dev cluster
 * answers as kube-apiserver does. kubectl (1.27+) sends {@code fieldValidation=Strict} by default, so a plain
 * apply is refused naming the field; with {@code --validate=warn} the object is stored without it and kubectl
 * prints the server's warning.
 */
@Timeout(120)
class KubectlApplyValidationTest {

  private static DevCluster cluster;
  private static Kubectl kubectl;

  @TempDir
  static Path tmp;

  @BeforeAll
  static void start() {
    Path binary = Kubectl.onPath().orElse(null);
    assumeTrue(binary != null, "kubectl is not on PATH; skipping the checks with the real binary");
    cluster = DevCluster.startEphemeral();
    kubectl = Kubectl.of(binary, cluster.kubeconfigPath(), tmp);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aPlainApplyOfTheTypoIsRefusedNamingTheFieldAndStoresNothing() throws IOException {
    Path manifest = manifest("typo-strict", "  ttl: \"-5h\"\n");

    Kubectl.Result result = kubectl.run("apply", "-f", manifest.toString());

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("Error from server (BadRequest)")
        .contains("strict decoding error: unknown field \"spec.ttl\"");
    assertThat(cluster.client().resources(Workspace.class).inNamespace("default").withName("typo-strict").get())
        .isNull();
  }

  @Test
  void applyWithValidateWarnPrintsTheWarningAndStoresTheObjectWithoutTheField() throws IOException {
    Path manifest = manifest("typo-warn", "  ttl: \"-5h\"\n");

    Kubectl.Result result = kubectl.run("apply", "--validate=warn", "-f", manifest.toString()).ok();

    assertThat(result.stderr()).contains("Warning: unknown field \"spec.ttl\"");
    assertThat(result.stdout()).contains("workspace.kubicle.dev/typo-warn created");
    String stored = kubectl.run("get", "workspace", "typo-warn", "-o", "jsonpath={.spec}").ok().stdout();
    assertThat(stored).contains("\"owner\":\"alice\"").doesNotContain("ttl");
    Workspace read = cluster.client().resources(Workspace.class).inNamespace("default").withName("typo-warn").get();
    assertThat(read.getSpec().getOwner()).isEqualTo("alice");
  }

  @Test
  void aStringWhereABooleanBelongsIsRefusedWith422NamingTheField() throws IOException {
    Path manifest = manifest("wrong-type", "  running: \"yes\"\n");

    Kubectl.Result result = kubectl.run("apply", "-f", manifest.toString());

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("The Workspace \"wrong-type\" is invalid")
        .contains("spec.running: Invalid value: \"string\": spec.running in body must be of type boolean: \"string\"");
  }

  @Test
  void reApplyingAChangedListReplacesItAsOnACluster() throws IOException {
    kubectl.run("apply", "-f", manifest("listed", "  parameters:\n    a: \"1\"\n    b: \"2\"\n").toString()).ok();

    kubectl.run("apply", "-f", manifest("listed", "  parameters:\n    b: \"3\"\n").toString()).ok();

    String parameters = kubectl.run("get", "workspace", "listed", "-o", "jsonpath={.spec.parameters}").ok().stdout();
    assertThat(parameters).isEqualTo("{\"b\":\"3\"}");
  }

  @Test
  void aServerDryRunChangesNothing() throws IOException {
    kubectl.run("apply", "-f", manifest("dry", "").toString()).ok();

    Kubectl.Result result = kubectl.run("apply", "--dry-run=server", "-f",
        manifest("dry", "  running: false\n").toString()).ok();

    assertThat(result.stdout()).contains("workspace.kubicle.dev/dry configured (server dry run)");
    assertThat(kubectl.run("get", "workspace", "dry", "-o", "jsonpath={.spec.running}").ok().stdout()).isEmpty();
  }

  private static Path manifest(String name, String extraSpec) throws IOException {
    Path file = tmp.resolve(name + "-" + extraSpec.hashCode() + ".yaml");
    Files.writeString(file, """
        apiVersion: kubicle.dev/v1alpha1
        kind: Workspace
        metadata:
          name: %s
        spec:
          template:
            name: hello
          owner: alice
        %s""".formatted(name, extraSpec));
    return file;
  }
}
