package dev.kubicle.operator.agentapi;

import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.kube.Labels;
import dev.kubicle.operator.kube.Names;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The per-workspace Secret holding the current agent token. A new token is issued for every start build, so a
 * token leaked from an earlier run stops working; the operator remembers only its hash (in the Workspace status).
 */
public class AgentTokenSecrets {
  public static final String KEY = "token";

  private final KubernetesClient client;

  public AgentTokenSecrets(KubernetesClient client) {
    this.client = client;
  }

  /** Issues a fresh token into the workspace's Secret and returns its hash. */
  public String issue(Workspace ws) {
    String token = AgentTokens.newToken();
    Secret secret = new SecretBuilder()
        .withNewMetadata()
          .withName(Names.agentToken(ws.getMetadata().getName(), ws.getMetadata().getUid()))
          .withNamespace(ws.getMetadata().getNamespace())
          .withLabels(Labels.forWorkspace(ws.getMetadata().getName(), ws.getMetadata().getUid()))
          .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(ws.getApiVersion()).withKind(ws.getKind())
              .withName(ws.getMetadata().getName()).withUid(ws.getMetadata().getUid()).build())
        .endMetadata()
        .withType("Opaque")
        .addToData(KEY, Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)))
        .build();
    client.secrets().inNamespace(ws.getMetadata().getNamespace()).resource(secret).createOr(op -> op.update());
    return AgentTokens.hash(token);
  }

  /** The current token, if its Secret exists and still matches the hash the workspace recorded. */
  public Optional<String> read(Workspace ws, String expectedHash) {
    Secret secret = client.secrets().inNamespace(ws.getMetadata().getNamespace())
        .withName(Names.agentToken(ws.getMetadata().getName(), ws.getMetadata().getUid())).get();
    if (secret == null || secret.getData() == null || !secret.getData().containsKey(KEY)) {
      return Optional.empty();
    }
    String token;
    try {
      token = new String(Base64.getDecoder().decode(secret.getData().get(KEY)), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // A hand-edited Secret is no token: the same as a stale one (the next start issues a fresh Secret).
      return Optional.empty();
    }
    return AgentTokens.matches(expectedHash, token) ? Optional.of(token) : Optional.empty();
  }
}
