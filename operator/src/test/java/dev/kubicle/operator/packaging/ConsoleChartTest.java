package dev.kubicle.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.kubicle.operator.console.ConsoleConfig;
import dev.kubicle.operator.support.Repository;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chart's console values become settings the operator accepts; the OIDC client secret arrives as a file. */
class ConsoleChartTest {

  @Test
  void withoutAnExternalUrlTheConsoleStaysOff() throws Exception {
    Map<String, String> env = env(operatorPod(UnaryOperator.identity()));
    assertThat(env).doesNotContainKeys("KUBICLE_EXTERNAL_URL", "KUBICLE_OIDC_ISSUER");
  }

  @Test
  void oidcValuesBecomeSettingsTheOperatorAcceptsWithTheSecretMountedAsAFile(@TempDir Path dir) throws Exception {
    PodSpec pod = operatorPod(t -> t.set("console.externalUrl", "https://kubicle.example.com")
        .set("console.oidc.issuer", "https://idp.example.com/realms/dev")
        .set("console.oidc.clientId", "kubicle").set("console.oidc.clientSecret.name", "kubicle-oidc")
        .set("console.oidc.adminGroup", "platform").set("console.sessionLifetime", "8h"));
    Map<String, String> env = env(pod);

    assertThat(env).containsEntry("KUBICLE_OIDC_CLIENT_SECRET_FILE", "/etc/kubicle/oidc/client-secret")
        .doesNotContainKey("KUBICLE_OIDC_CLIENT_SECRET");
    assertThat(pod.getVolumes()).filteredOn(v -> v.getSecret() != null).anySatisfy(v -> {
      assertThat(v.getSecret().getSecretName()).isEqualTo("kubicle-oidc");
      assertThat(v.getSecret().getItems().get(0).getPath()).isEqualTo("client-secret");
    });
    Container operator = pod.getContainers().get(0);
    assertThat(operator.getVolumeMounts()).anySatisfy(m -> {
      assertThat(m.getMountPath()).isEqualTo("/etc/kubicle/oidc");
      assertThat(m.getReadOnly()).isTrue();
    });

    Path secret = Files.writeString(dir.resolve("client-secret"), "s3cret\n");
    env.put("KUBICLE_OIDC_CLIENT_SECRET_FILE", secret.toString());
    ConsoleConfig config = ConsoleConfig.fromEnvironment(env, "http://127.0.0.1:8080");
    assertThat(config.externalUrl().toString()).isEqualTo("https://kubicle.example.com");
    assertThat(config.oidcIssuer()).isEqualTo("https://idp.example.com/realms/dev");
    assertThat(config.oidcClientSecret()).isEqualTo("s3cret");
    assertThat(config.adminGroup()).isEqualTo("platform");
    assertThat(config.sessionLifetime()).isEqualTo(Duration.ofHours(8));
    assertThat(config.maxBodyBytes()).isEqualTo(1048576);
  }

  @Test
  void anIssuerWithoutAClientIdFailsTheInstallWithAMessage() {
    assertThatThrownBy(() -> operatorPod(t -> t.set("console.externalUrl", "https://k.example.com")
        .set("console.oidc.issuer", "https://idp.example.com")))
        .hasMessageContaining("console.oidc.clientId is required");
  }

  private static PodSpec operatorPod(UnaryOperator<TemplateCommand> values) {
    String manifest = values.apply(new Helm(Repository.root().resolve("helm/kubicle")).template()
        .withName("kubicle").withNamespace("kubicle-system")).call();
    for (String document : manifest.split("(?m)^---\\s*$")) {
      if (document.contains("kind: Deployment") && document.contains("component: operator")) {
        return ((Deployment) Serialization.unmarshal(document)).getSpec().getTemplate().getSpec();
      }
    }
    throw new AssertionError("no operator Deployment in:\n" + manifest);
  }

  private static Map<String, String> env(PodSpec pod) {
    Map<String, String> env = new HashMap<>();
    for (EnvVar var : pod.getContainers().get(0).getEnv()) {
      if (var.getValue() != null) {
        env.put(var.getName(), var.getValue());
      }
    }
    return env;
  }
}
