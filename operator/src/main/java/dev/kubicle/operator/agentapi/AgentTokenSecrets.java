package dev.kubicle.operator.agentapi;

import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.kube.Labels;
import dev.kubicle.operator.kube.Names;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The per-workspace Secret holding the current agent token: the only record of which agent credential is valid.
 * A new token is issued for every start build and the Secret is deleted when the workspace stops, so a token leaked
 * from an earlier run stops working. Only the operator writes this Secret; the Workspace status, which anyone with
 * {@code workspaces/status} could write, says nothing about it.
 */
public class AgentTokenSecrets {
  public static final String KEY = "token";
  /** The component label that marks a Secret as a workspace's current agent token (the operator watches these). */
  public static final String COMPONENT = "agent-token";

  private final KubernetesClient client;

  public AgentTokenSecrets(KubernetesClient client) {
    this.client = client;
  }

  /** Issues a fresh token into the workspace's Secret, replacing any earlier one. */
  public void issue(Workspace ws) {
    String token = AgentTokens.newToken();
    Secret secret = new SecretBuilder()
        .withNewMetadata()
          .withName(secretName(ws))
          .withNamespace(ws.getMetadata().getNamespace())
          .withLabels(Labels.forWorkspace(ws.getMetadata().getName(), ws.getMetadata().getUid()))
          .addToLabels(Labels.COMPONENT, COMPONENT)
          .withOwnerReferences(ownerReference(ws))
        .endMetadata()
        .withType("Opaque")
        .addToData(KEY, Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)))
        .build();
    client.secrets().inNamespace(ws.getMetadata().getNamespace()).resource(secret).createOr(op -> op.update());
  }

  /** The workspace's current token: its Secret exists, is marked current, and belongs to this very workspace. */
  public Optional<String> current(Workspace ws) {
    Secret secret = get(ws);
    return secret != null && belongsTo(secret, ws) ? token(secret) : Optional.empty();
  }

  /** Ends the workspace's agent credential (the workspace stopped, or starts without an agent). */
  public void revoke(Workspace ws) {
    client.secrets().inNamespace(ws.getMetadata().getNamespace()).withName(secretName(ws)).delete();
  }

  /**
   * Upgrade from a release that kept the token's hash in {@code status.agent.tokenHash}: the Secret it wrote has no
   * component label, so no agent could connect with it. If that Secret still holds the token the (old) status
   * names, it is marked current, so a running workspace's agent keeps working; otherwise nothing is valid until the
   * next start issues a token. Returns whether the Secret was adopted.
   */
  public boolean adoptLegacy(Workspace ws, String legacyHash) {
    Secret secret = get(ws);
    if (secret == null || isCurrent(secret) || !ownedBy(secret, ws)
        || token(secret).filter(t -> AgentTokens.matches(legacyHash, t)).isEmpty()) {
      return false;
    }
    client.secrets().inNamespace(ws.getMetadata().getNamespace()).withName(secretName(ws))
        .edit(s -> new SecretBuilder(s).editMetadata().addToLabels(Labels.COMPONENT, COMPONENT).endMetadata().build());
    return true;
  }

  /** The SHA-256 of the token a Secret holds, if it holds a readable one (the operator indexes Secrets by it). */
  public static Optional<String> tokenHash(Secret secret) {
    return token(secret).map(AgentTokens::hash);
  }

  /**
   * Whether {@code secret} is {@code ws}'s current agent token Secret: marked current, named and labelled for this
   * workspace's UID, and owned by it. A Secret made for an earlier workspace of the same name never matches.
   */
  public static boolean belongsTo(Secret secret, Workspace ws) {
    Map<String, String> labels = secret.getMetadata().getLabels();
    return isCurrent(secret) && secretName(ws).equals(secret.getMetadata().getName())
        && ws.getMetadata().getNamespace().equals(secret.getMetadata().getNamespace())
        && labels != null && ws.getMetadata().getUid().equals(labels.get(Labels.WORKSPACE_UID))
        && ownedBy(secret, ws);
  }

  /** The Workspace owner reference of a token Secret, which names the workspace it was issued for. */
  public static Optional<OwnerReference> owner(Secret secret) {
    return secret.getMetadata().getOwnerReferences() == null ? Optional.empty()
        : secret.getMetadata().getOwnerReferences().stream().filter(o -> "Workspace".equals(o.getKind())).findFirst();
  }

  private static boolean ownedBy(Secret secret, Workspace ws) {
    return owner(secret).filter(o -> ws.getMetadata().getUid().equals(o.getUid())).isPresent();
  }

  private static boolean isCurrent(Secret secret) {
    Map<String, String> labels = secret.getMetadata().getLabels();
    return labels != null && COMPONENT.equals(labels.get(Labels.COMPONENT));
  }

  private Secret get(Workspace ws) {
    return client.secrets().inNamespace(ws.getMetadata().getNamespace()).withName(secretName(ws)).get();
  }

  private static Optional<String> token(Secret secret) {
    if (secret.getData() == null || !secret.getData().containsKey(KEY)) {
      return Optional.empty();
    }
    try {
      return Optional.of(new String(Base64.getDecoder().decode(secret.getData().get(KEY)), StandardCharsets.UTF_8))
          .filter(t -> !t.isEmpty());
    } catch (IllegalArgumentException e) {
      // A hand-edited Secret is no token: the same as a stale one (the next start issues a fresh Secret).
      return Optional.empty();
    }
  }

  private static String secretName(Workspace ws) {
    return Names.agentToken(ws.getMetadata().getName(), ws.getMetadata().getUid());
  }

  private static OwnerReference ownerReference(Workspace ws) {
    return new OwnerReferenceBuilder().withApiVersion(ws.getApiVersion()).withKind(ws.getKind())
        .withName(ws.getMetadata().getName()).withUid(ws.getMetadata().getUid()).build();
  }
}
