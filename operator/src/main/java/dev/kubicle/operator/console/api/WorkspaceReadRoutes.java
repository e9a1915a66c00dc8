package dev.kubicle.operator.console.api;

import dev.kubicle.api.v1alpha1.BuildPhase;
import dev.kubicle.api.v1alpha1.BuildRecord;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.console.ApiException;
import dev.kubicle.operator.console.auth.Principal;
import dev.kubicle.operator.kube.Json;
import dev.kubicle.operator.store.LogLine;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reading workspaces, their builds and build logs: lists show a member only their own. */
public final class WorkspaceReadRoutes implements ApiExtension {
  static final int MAX_LOG_LINES = 1000;

  private ConsoleCaches caches;
  private Access access;
  private ApiContext api;

  @Override
  public void register(ApiContext api) {
    this.api = api;
    this.caches = api.caches();
    this.access = new Access(caches);
    api.route(HttpMethod.GET, "/workspaces", (ctx, p) -> list(ctx, p, null));
    api.route(HttpMethod.GET, "/namespaces/:namespace/workspaces",
        (ctx, p) -> list(ctx, p, ctx.pathParam("namespace")));
    api.route(HttpMethod.GET, "/namespaces/:namespace/workspaces/:name", this::get);
    api.route(HttpMethod.GET, "/namespaces/:namespace/workspaces/:name/builds", this::builds);
    api.route(HttpMethod.GET, "/namespaces/:namespace/workspaces/:name/builds/:build/logs", this::logs);
  }

  private void list(RoutingContext ctx, Principal principal, String namespace) {
    String owner = ctx.request().getParam("owner");
    Stream<Workspace> visible = caches.workspaces()
        .filter(ws -> namespace == null || namespace.equals(ws.getMetadata().getNamespace()))
        .filter(ws -> principal.mayAccess(Views.owner(ws)))
        .filter(ws -> owner == null || owner.equals(Views.owner(ws)));
    var page = Paging.page(visible, ctx.request().getParam("continue"),
        ApiResponses.intParam(ctx, "limit", Paging.DEFAULT_LIMIT, 1, Paging.MAX_LIMIT));
    JsonArray items = new JsonArray();
    page.items().forEach(ws -> items.add(Views.workspace(ws)));
    ApiResponses.items(ctx, items, page.next());
  }

  private void get(RoutingContext ctx, Principal principal) {
    Workspace ws = access.workspace(ctx, principal, ctx.pathParam("namespace"), ctx.pathParam("name"));
    ApiResponses.json(ctx, 200, Views.workspace(ws));
  }

  private void builds(RoutingContext ctx, Principal principal) {
    Workspace ws = access.workspace(ctx, principal, ctx.pathParam("namespace"), ctx.pathParam("name"));
    JsonArray items = new JsonArray();
    allBuilds(ws).forEach(b -> items.add(build(b)));
    ApiResponses.items(ctx, items, null);
  }

  /**
   * Up to {@code limit} stored lines after {@code afterSeq}; {@code complete} says the build has ended and every
   * line was returned, so a client can stop asking.
   */
  private void logs(RoutingContext ctx, Principal principal) {
    Workspace ws = access.workspace(ctx, principal, ctx.pathParam("namespace"), ctx.pathParam("name"));
    BuildRecord build = findBuild(ws, ctx.pathParam("build"));
    long afterSeq = ApiResponses.longParam(ctx, "afterSeq", 0);
    int limit = ApiResponses.intParam(ctx, "limit", 500, 1, MAX_LOG_LINES);
    List<LogLine> lines = api.store().buildLogs().read(ws.getMetadata().getUid(), build.getNumber(), afterSeq, limit);
    JsonArray items = new JsonArray();
    lines.forEach(l -> items.add(line(l)));
    long last = lines.isEmpty() ? afterSeq : lines.get(lines.size() - 1).seq();
    ApiResponses.json(ctx, 200, new JsonObject().put("items", items).put("afterSeq", last)
        .put("complete", finished(build) && lines.size() < limit));
  }

  static JsonObject line(LogLine l) {
    return new JsonObject().put("seq", l.seq()).put("at", l.at().toString()).put("source", l.source())
        .put("text", l.text());
  }

  static boolean finished(BuildRecord build) {
    return build.getPhase() == BuildPhase.Succeeded || build.getPhase() == BuildPhase.Failed;
  }

  /** The build by number, from the current one and the kept history; 404 when it is not (or no longer) known. */
  static BuildRecord findBuild(Workspace ws, String number) {
    long wanted;
    try {
      wanted = Long.parseLong(number);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("the build number must be a whole number, got \"" + number + "\"", "build");
    }
    return allBuilds(ws).stream().filter(b -> b.getNumber() != null && b.getNumber() == wanted).findFirst()
        .orElseThrow(() -> ApiException.notFound("workspace " + ws.getMetadata().getName() + " has no build "
            + wanted + " (only the last builds are kept)"));
  }

  /** Newest first: the current build, then the history. */
  static List<BuildRecord> allBuilds(Workspace ws) {
    List<BuildRecord> builds = new ArrayList<>();
    if (ws.getStatus() != null) {
      if (ws.getStatus().getCurrentBuild() != null) {
        builds.add(ws.getStatus().getCurrentBuild());
      }
      builds.addAll(ws.getStatus().getBuilds());
    }
    return builds;
  }

  @SuppressWarnings("unchecked")
  private static JsonObject build(BuildRecord b) {
    return new JsonObject((Map<String, Object>) Json.mapper().convertValue(b, Map.class));
  }
}
