package dev.kubicle.operator.dev;

import java.util.List;

/** The built-in Kubernetes resources the dev cluster advertises in discovery, so kubectl can map their kinds. */
final class BuiltInApiResources {

  static final List<String> ALL_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  static final List<String> SUBRESOURCE_VERBS = List.of("get", "patch", "update");

  /** One resource (or subresource, when {@code name} contains a slash) of one group/version. */
  record Resource(
      String group,
      String version,
      String name,
      String singularName,
      String kind,
      boolean namespaced,
      List<String> shortNames,
      List<String> verbs) {

    String groupVersion() {
      return group.isEmpty() ? version : group + "/" + version;
    }
  }

  // The core kinds a Kubicle user or controller touches; the CRUD store accepts any path, discovery is what
  // kubectl needs before it sends one. Subresources are listed because kubectl and clients check for them.
  static final List<Resource> RESOURCES = List.of(
      resource("", "v1", "namespaces", "namespace", "Namespace", false, List.of("ns"),
          List.of("create", "delete", "get", "list", "patch", "update", "watch")),
      status("", "v1", "namespaces", "Namespace", false),
      resource("", "v1", "pods", "pod", "Pod", true, List.of("po"), ALL_VERBS),
      status("", "v1", "pods", "Pod", true),
      resource("", "v1", "secrets", "secret", "Secret", true, List.of(), ALL_VERBS),
      resource("", "v1", "configmaps", "configmap", "ConfigMap", true, List.of("cm"), ALL_VERBS),
      resource("", "v1", "services", "service", "Service", true, List.of("svc"),
          List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")),
      status("", "v1", "services", "Service", true),
      resource("", "v1", "events", "event", "Event", true, List.of("ev"), ALL_VERBS),
      resource("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, List.of("sa"), ALL_VERBS),
      resource("", "v1", "persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", true,
          List.of("pvc"), ALL_VERBS),
      status("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true),
      resource("apps", "v1", "deployments", "deployment", "Deployment", true, List.of("deploy"), ALL_VERBS),
      status("apps", "v1", "deployments", "Deployment", true),
      resource("batch", "v1", "jobs", "job", "Job", true, List.of(), ALL_VERBS),
      status("batch", "v1", "jobs", "Job", true),
      resource("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, List.of(), ALL_VERBS),
      resource("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "clusterrolebinding",
          "ClusterRoleBinding", false, List.of(), ALL_VERBS),
      resource("rbac.authorization.k8s.io", "v1", "clusterroles", "clusterrole", "ClusterRole", false,
          List.of(), ALL_VERBS),
      resource("rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", "RoleBinding", true,
          List.of(), ALL_VERBS),
      resource("rbac.authorization.k8s.io", "v1", "roles", "role", "Role", true, List.of(), ALL_VERBS),
      resource("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition",
          "CustomResourceDefinition", false, List.of("crd", "crds"), ALL_VERBS),
      status("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false));

  private BuiltInApiResources() {
  }

  private static Resource resource(String group, String version, String name, String singular, String kind,
      boolean namespaced, List<String> shortNames, List<String> verbs) {
    return new Resource(group, version, name, singular, kind, namespaced, shortNames, verbs);
  }

  private static Resource status(String group, String version, String name, String kind, boolean namespaced) {
    return new Resource(group, version, name + "/status", "", kind, namespaced, List.of(), SUBRESOURCE_VERBS);
  }
}
