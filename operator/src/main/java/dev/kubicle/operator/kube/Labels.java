package dev.kubicle.operator.kube;

import java.util.LinkedHashMap;
import java.util.Map;

/** Label and annotation keys Kubicle puts on the objects it creates, so every child can be found and cleaned up. */
public final class Labels {
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY_VALUE = "kubicle";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String WORKSPACE = "kubicle.dev/workspace";
  public static final String WORKSPACE_UID = "kubicle.dev/workspace-uid";
  public static final String BUILD = "kubicle.dev/build";
  public static final String TRANSITION = "kubicle.dev/transition";
  public static final String TEMPLATE = "kubicle.dev/template";
  public static final String TEMPLATE_VERSION = "kubicle.dev/template-version";
  public static final String SNAPSHOT = "kubicle.dev/template-snapshot";

  /** Annotation: "true" lets a Workspace go without a destroy build (resources are left behind). */
  public static final String ORPHAN_ON_DELETE = "kubicle.dev/orphan-on-delete";
  /** Annotation: who asked for the next build (defaults to the owner). */
  public static final String INITIATOR = "kubicle.dev/initiator";
  /** Annotation: why the next build runs (a BuildReason wire name; defaults to initiator). */
  public static final String BUILD_REASON = "kubicle.dev/build-reason";

  /** Annotation: what stopped the workspace automatically (autostop, failure, dormancy). */
  public static final String STOPPED_BY = "kubicle.dev/stopped-by";
  /**
   * Annotation: "reason@generation" of the lifecycle change that made this generation, so the build it causes is
   * recorded with that reason (autostop, autostart, …) and later user builds are not.
   */
  public static final String LIFECYCLE_ACTION = "kubicle.dev/lifecycle-action";

  public static final String RUNNER_COMPONENT = "terraform-runner";

  private Labels() {}

  /** The identity labels every child of a workspace carries. */
  public static Map<String, String> forWorkspace(String name, String uid) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_BY, MANAGED_BY_VALUE);
    labels.put(WORKSPACE, truncateValue(name));
    labels.put(WORKSPACE_UID, uid);
    return labels;
  }

  /** Label values are limited to 63 characters. */
  public static String truncateValue(String value) {
    return value.length() <= 63 ? value : value.substring(0, 63);
  }
}
