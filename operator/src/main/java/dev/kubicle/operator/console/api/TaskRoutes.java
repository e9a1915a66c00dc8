package dev.kubicle.operator.console.api;

import dev.kubicle.operator.console.auth.Principal;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;

/** AgentTasks: a member sees their own, an admin all. */
public final class TaskRoutes implements ApiExtension {
  private ConsoleCaches caches;
  private Access access;

  @Override
  public void register(ApiContext api) {
    this.caches = api.caches();
    this.access = new Access(caches);
    api.route(HttpMethod.GET, "/tasks", (ctx, p) -> list(ctx, p, null));
    api.route(HttpMethod.GET, "/namespaces/:namespace/tasks", (ctx, p) -> list(ctx, p, ctx.pathParam("namespace")));
    api.route(HttpMethod.GET, "/namespaces/:namespace/tasks/:name", (ctx, p) -> ApiResponses.json(ctx, 200,
        Views.task(access.task(ctx, p, ctx.pathParam("namespace"), ctx.pathParam("name")))));
  }

  private void list(RoutingContext ctx, Principal principal, String namespace) {
    var page = Paging.page(caches.tasks()
            .filter(t -> namespace == null || namespace.equals(t.getMetadata().getNamespace()))
            .filter(t -> principal.mayAccess(t.getSpec() == null ? null : t.getSpec().getOwner())),
        ctx.request().getParam("continue"),
        ApiResponses.intParam(ctx, "limit", Paging.DEFAULT_LIMIT, 1, Paging.MAX_LIMIT));
    JsonArray items = new JsonArray();
    page.items().forEach(t -> items.add(Views.task(t)));
    ApiResponses.items(ctx, items, page.next());
  }
}
