package dev.kubicle.webhook.rules;

import static dev.kubicle.webhook.rules.Texts.quote;

import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.webhook.admission.AdmissionRequest.UserInfo;
import dev.kubicle.webhook.admission.Decision;
import dev.kubicle.webhook.cluster.ClusterView;
import java.util.Map;
import java.util.Optional;

/**
 * Who may reach into one Kubicle pod (exec, attach, port-forward, debug, proxy): a workspace pod only its workspace's
 * owner, a Terraform runner pod nobody but admins and Kubicle (the caller lets those through first).
 */
final class WorkspacePodAccess {
  static final String WORKSPACE_UID = "kubicle.dev/workspace-uid";
  static final String COMPONENT = "app.kubernetes.io/component";
  static final String RUNNER = "terraform-runner";

  private WorkspacePodAccess() {}

  /** The verdict for {@code user} reaching a pod with these labels; {@code what} opens the denial message. */
  static Decision decide(ClusterView cluster, UserInfo user, String what, Map<String, String> labels) {
    String uid = labels.get(WORKSPACE_UID);
    Optional<Workspace> workspace = cluster.workspaceByUid(uid);
    String wsName = workspace.map(w -> quote(w.getMetadata().getName())).orElse("(uid " + uid + ")");
    if (RUNNER.equals(labels.get(COMPONENT))) {
      return Decision.forbid(what + "it runs Terraform for workspace " + wsName + " with the runner's credentials; "
          + "only admins and Kubicle may use it");
    }
    if (workspace.isEmpty()) {
      return Decision.forbid(what + "it belongs to a Kubicle workspace (uid " + uid + ") that no longer exists; "
          + "only admins and Kubicle may use it");
    }
    String owner = workspace.get().getSpec() == null ? null : workspace.get().getSpec().getOwner();
    if (user.username().equals(owner)) {
      return Decision.allow();
    }
    return Decision.forbid(what + "it belongs to workspace " + wsName + ", owned by "
        + (owner == null ? "nobody" : quote(owner)) + "; only the owner, admins and Kubicle may use it");
  }

  /**
   * The object name in a CONNECT to pods/proxy or services/proxy. The API server passes the URL's name segment
   * unchanged, and for proxies that is {@code name}, {@code name:port} or {@code scheme:name:port} (Kubernetes'
   * SplitSchemeNamePort); looking up "kubicle-dev:8080" as a pod name would find nothing and let the request pass.
   */
  static String proxiedName(String connectName) {
    String[] parts = connectName.split(":", -1);
    return switch (parts.length) {
      case 2 -> parts[0];
      case 3 -> parts[1];
      default -> connectName;
    };
  }
}
