package dev.kubicle.operator.console.api;

import dev.kubicle.api.v1alpha1.AgentTask;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.console.ApiException;
import dev.kubicle.operator.console.Requests;
import dev.kubicle.operator.console.auth.Principal;
import io.vertx.ext.web.RoutingContext;

/**
 * Object-level authorization: members reach only what they own; admins reach everything. Another member's object
 * answers exactly like a missing one (404, same message), so names cannot be probed; the audit record still says
 * "denied".
 */
public final class Access {
  private final ConsoleCaches caches;

  public Access(ConsoleCaches caches) {
    this.caches = caches;
  }

  public Workspace workspace(RoutingContext ctx, Principal principal, String namespace, String name) {
    Workspace ws = caches.workspace(namespace, name).orElse(null);
    if (ws == null || !principal.mayAccess(Views.owner(ws))) {
      if (ws != null) {
        Requests.auditResult(ctx, "denied", "owned by another user");
      }
      throw ApiException.notFound("workspace " + namespace + "/" + name + " not found");
    }
    return ws;
  }

  public AgentTask task(RoutingContext ctx, Principal principal, String namespace, String name) {
    AgentTask task = caches.task(namespace, name).orElse(null);
    if (task == null || !principal.mayAccess(task.getSpec() == null ? null : task.getSpec().getOwner())) {
      if (task != null) {
        Requests.auditResult(ctx, "denied", "owned by another user");
      }
      throw ApiException.notFound("task " + namespace + "/" + name + " not found");
    }
    return task;
  }
}
