package dev.kubicle.operator.terraform;

import static dev.kubicle.operator.terraform.TerraformFixtures.NAMESPACE;
import static dev.kubicle.operator.terraform.TerraformFixtures.UID;
import static dev.kubicle.operator.terraform.TerraformFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class StateSecretsTest {
  private static final String SECRET = "tfstate-default-" + UID;
  private static final String SENSITIVE_VALUE = "kat_SENSITIVE_0123456789abcdef";

  @Test
  void backendWrittenSecretYieldsOutputsAndManagedResources() {
    TerraformState state = StateSecrets.read(committedSecret());

    assertThat(state.serial()).isEqualTo(12);
    assertThat(state.terraformVersion()).isEqualTo("1.9.8");
    assertThat(state.outputs()).containsExactly(
        Map.entry("node_ports", "[22,8080]"),
        Map.entry("pod_name", "kubicle-alice-dev"),
        Map.entry("replicas", "1"),
        Map.entry("url", "https://alice-dev.kubicle.example.com"));
    assertThat(state.resources()).containsExactly(
        "kubernetes_persistent_volume_claim.home",
        "kubernetes_pod.main",
        "kubernetes_secret.agent",
        "module.dotfiles.kubernetes_config_map.dotfiles");
  }

  @Test
  void sensitiveOutputNeverReachesTheResult() {
    TerraformState state = StateSecrets.read(committedSecret());

    assertThat(state.outputs()).doesNotContainKey("agent_token");
    assertThat(state.toString()).doesNotContain(SENSITIVE_VALUE).doesNotContain("agent_token");
  }

  @Test
  void dataSourcesAreNotListedAsResources() {
    assertThat(StateSecrets.read(committedSecret()).resources())
        .noneMatch(address -> address.contains("kubernetes_namespace"));
  }

  @Test
  void committedSecretHoldsTheCommittedStateJson() throws Exception {
    byte[] gzipped = Base64.getDecoder().decode(committedSecret().getData().get("tfstate"));
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
      in.transferTo(json);
    }

    assertThat(json.toByteArray()).isEqualTo(resource("state/workspace-state.json"));
  }

  @Test
  void builtSecretMatchesTheBackendsFormat() {
    String json = new String(resource("state/workspace-state.json"), StandardCharsets.UTF_8);

    Secret built = StateSecrets.build(NAMESPACE, UID, json);
    Secret committed = committedSecret();

    assertThat(built.getMetadata().getName()).isEqualTo(committed.getMetadata().getName());
    assertThat(built.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(built.getMetadata().getLabels()).isEqualTo(committed.getMetadata().getLabels());
    assertThat(built.getMetadata().getAnnotations()).isEqualTo(committed.getMetadata().getAnnotations());
    assertThat(built.getType()).isEqualTo("Opaque");
    assertThat(built.getData()).containsOnlyKeys("tfstate");
    assertThat(StateSecrets.read(built)).isEqualTo(StateSecrets.read(committed));
  }

  @Test
  void stateJsonBuilderRoundTripsThroughASecret() {
    String json = StateJsonBuilder.create()
        .serial(3)
        .output("url", "http://pod:8080", false)
        .output("ports", java.util.List.of(22), false)
        .output("password", "hunter2", true)
        .managedResource(null, "kubernetes_pod", "main")
        .managedResource("module.home", "kubernetes_persistent_volume_claim", "home")
        .dataResource(null, "kubernetes_namespace", "ns")
        .toJson();

    TerraformState state = StateSecrets.read(StateSecrets.build(NAMESPACE, UID, json));

    assertThat(state.serial()).isEqualTo(3);
    assertThat(state.outputs()).containsExactly(Map.entry("ports", "[22]"), Map.entry("url", "http://pod:8080"));
    assertThat(state.resources())
        .containsExactly("kubernetes_pod.main", "module.home.kubernetes_persistent_volume_claim.home");
  }

  @Test
  void destroyedStateHasNoResourcesOrOutputs() {
    String json = "{\"version\":4,\"terraform_version\":\"1.9.8\",\"serial\":13,\"lineage\":\"x\","
        + "\"outputs\":{},\"resources\":[],\"check_results\":null}";

    TerraformState state = StateSecrets.read(StateSecrets.build(NAMESPACE, UID, json));

    assertThat(state.outputs()).isEmpty();
    assertThat(state.resources()).isEmpty();
    assertThat(state.serial()).isEqualTo(13);
  }

  @Test
  void outputWithMalformedSensitiveFlagIsTreatedAsSensitive() {
    String json = "{\"version\":4,\"serial\":1,\"outputs\":{"
        + "\"a\":{\"value\":\"shown\",\"type\":\"string\",\"sensitive\":false},"
        + "\"b\":{\"value\":\"hidden\",\"type\":\"string\",\"sensitive\":\"true\"}}}";

    assertThat(StateSecrets.read(StateSecrets.build(NAMESPACE, UID, json)).outputs())
        .containsExactly(Map.entry("a", "shown"));
  }

  @Test
  void secretWithoutStateKeyIsAClearError() {
    Secret empty = secretWithData(Map.of("other", "eA=="));

    assertThatThrownBy(() -> StateSecrets.read(empty))
        .isInstanceOf(StateSecretException.class)
        .hasMessage("state Secret team-a/" + SECRET + " could not be read: it has no data key tfstate");
  }

  @Test
  void valueThatIsNotBase64IsAClearError() {
    assertThatThrownBy(() -> StateSecrets.read(secretWithData(Map.of("tfstate", "not base64!"))))
        .isInstanceOf(StateSecretException.class)
        .hasMessage("state Secret team-a/" + SECRET + " could not be read: data key tfstate is not base64");
  }

  @Test
  void valueThatIsNotGzipIsAClearError() {
    String plainJson = base64("{\"version\":4}".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> StateSecrets.read(secretWithData(Map.of("tfstate", plainJson))))
        .isInstanceOf(StateSecretException.class)
        .hasMessageStartingWith("state Secret team-a/" + SECRET + " could not be read: the state is not gzip data");
  }

  @Test
  void truncatedGzipIsAClearError() {
    byte[] gzipped = StateSecrets.gzip("{\"version\":4,\"serial\":1}");
    byte[] truncated = java.util.Arrays.copyOf(gzipped, gzipped.length - 12);

    assertThatThrownBy(() -> StateSecrets.read(secretWithData(Map.of("tfstate", base64(truncated)))))
        .isInstanceOf(StateSecretException.class)
        .hasMessage("state Secret team-a/" + SECRET + " could not be read: the gzip data is truncated");
  }

  @Test
  void corruptJsonErrorDoesNotQuoteTheState() {
    String corrupt = "{\"version\":4,\"outputs\":{\"token\":{\"value\":\"" + SENSITIVE_VALUE + "\",\"sensitive\":true";

    assertThatThrownBy(() -> StateSecrets.read(StateSecrets.build(NAMESPACE, UID, corrupt)))
        .isInstanceOf(StateSecretException.class)
        .hasMessageStartingWith("state Secret team-a/" + SECRET + " could not be read: the state is not valid JSON")
        .hasNoCause()
        .message().doesNotContain(SENSITIVE_VALUE);
  }

  @Test
  void unquotedGarbageIsNotEchoedEither() {
    assertThatThrownBy(() -> StateSecrets.read(StateSecrets.build(NAMESPACE, UID, "s3cretgarbage")))
        .isInstanceOf(StateSecretException.class)
        .message().doesNotContain("s3cretgarbage");
  }

  @Test
  void unsupportedStateVersionIsAClearError() {
    assertThatThrownBy(() -> StateSecrets.read(StateSecrets.build(NAMESPACE, UID, "{\"version\":3,\"serial\":1}")))
        .isInstanceOf(StateSecretException.class)
        .hasMessageEndingWith("state format version 3 is not supported (expected 4)");
  }

  @Test
  void lockLeaseIsNamedAfterTheSecret() {
    assertThat(StateSecrets.lockLeaseName(UID)).isEqualTo("lock-" + SECRET);
  }

  private static Secret committedSecret() {
    return new KubernetesSerialization().unmarshal(
        new ByteArrayInputStream(resource("state/state-secret.yaml")), Secret.class);
  }

  private static Secret secretWithData(Map<String, String> data) {
    return new SecretBuilder()
        .withNewMetadata().withName(SECRET).withNamespace(NAMESPACE).endMetadata()
        .withData(data)
        .build();
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
