package dev.kubicle.webhook.admission;

import dev.kubicle.webhook.admission.AdmissionRequest.UserInfo;
import java.util.Set;

/**
 * Who counts as Kubicle itself (its service accounts), as an admin, and as a cluster controller (the garbage and
 * namespace controllers, which must be able to delete anything). Everyone else is a member.
 */
public record Identities(Set<String> kubicleUsers, Set<String> kubicleGroups, Set<String> adminUsers,
    Set<String> adminGroups, Set<String> controllerUsers, Set<String> controllerGroups) {

  public Identities {
    kubicleUsers = Set.copyOf(kubicleUsers);
    kubicleGroups = Set.copyOf(kubicleGroups);
    adminUsers = Set.copyOf(adminUsers);
    adminGroups = Set.copyOf(adminGroups);
    controllerUsers = Set.copyOf(controllerUsers);
    controllerGroups = Set.copyOf(controllerGroups);
  }

  /** The chart's defaults for a release in {@code namespace} whose operator runs as {@code operatorServiceAccount}. */
  public static Identities defaults(String namespace, String operatorServiceAccount) {
    return new Identities(Set.of("system:serviceaccount:" + namespace + ":" + operatorServiceAccount), Set.of(),
        Set.of(), Set.of("system:masters", "kubicle:admins"),
        Set.of("system:kube-controller-manager"), Set.of("system:serviceaccounts:kube-system"));
  }

  public boolean isKubicle(UserInfo user) {
    return matches(user, kubicleUsers, kubicleGroups);
  }

  public boolean isAdmin(UserInfo user) {
    return matches(user, adminUsers, adminGroups);
  }

  /** Kubicle or an admin: may act for any owner. */
  public boolean isPrivileged(UserInfo user) {
    return isKubicle(user) || isAdmin(user);
  }

  /** Built-in controllers: may update (never re-own) and delete, so garbage collection and namespace deletion work. */
  public boolean isClusterController(UserInfo user) {
    return matches(user, controllerUsers, controllerGroups);
  }

  private static boolean matches(UserInfo user, Set<String> users, Set<String> groups) {
    if (users.contains(user.username())) {
      return true;
    }
    for (String group : user.groups()) {
      if (groups.contains(group)) {
        return true;
      }
    }
    return false;
  }
}
