package dev.kubicle.webhook.server;

import dev.kubicle.webhook.admission.AdmissionRule;
import dev.kubicle.webhook.admission.Identities;
import dev.kubicle.webhook.cluster.ClusterView;
import dev.kubicle.webhook.rules.AgentTaskAdmission;
import dev.kubicle.webhook.rules.OwnerStamping;
import dev.kubicle.webhook.rules.Ownership;
import dev.kubicle.webhook.rules.PodConnectGuard;
import dev.kubicle.webhook.rules.ServiceProxyGuard;
import dev.kubicle.webhook.rules.StatusGuard;
import dev.kubicle.webhook.rules.TemplateAdmission;
import dev.kubicle.webhook.rules.WorkspaceAdmission;
import dev.kubicle.webhook.rules.WorkspaceDefaults;
import java.util.LinkedHashMap;
import java.util.Map;

/** The webhook paths the chart's webhook configurations point at, each with its rule. */
public final class Routes {
  public static final String MUTATE_OWNER = "/mutate/owner";
  public static final String MUTATE_WORKSPACE_DEFAULTS = "/mutate/workspace-defaults";
  public static final String VALIDATE_OWNERSHIP = "/validate/ownership";
  public static final String VALIDATE_POD_CONNECT = "/validate/pod-connect";
  public static final String VALIDATE_SERVICE_PROXY = "/validate/service-proxy";
  public static final String VALIDATE_TEMPLATES = "/validate/templates";
  public static final String VALIDATE_WORKSPACES = "/validate/workspaces";
  public static final String VALIDATE_AGENTTASKS = "/validate/agenttasks";
  public static final String VALIDATE_STATUS = "/validate/status";

  private Routes() {}

  public static Map<String, AdmissionRule> all(Identities identities, ClusterView cluster) {
    Map<String, AdmissionRule> routes = new LinkedHashMap<>();
    routes.put(MUTATE_OWNER, new OwnerStamping());
    routes.put(MUTATE_WORKSPACE_DEFAULTS, new WorkspaceDefaults(cluster));
    routes.put(VALIDATE_OWNERSHIP, new Ownership(identities, cluster));
    routes.put(VALIDATE_POD_CONNECT, new PodConnectGuard(identities, cluster));
    routes.put(VALIDATE_SERVICE_PROXY, new ServiceProxyGuard(identities, cluster));
    routes.put(VALIDATE_TEMPLATES, new TemplateAdmission());
    routes.put(VALIDATE_WORKSPACES, new WorkspaceAdmission(cluster));
    routes.put(VALIDATE_AGENTTASKS, new AgentTaskAdmission());
    routes.put(VALIDATE_STATUS, new StatusGuard(identities));
    return routes;
  }
}
