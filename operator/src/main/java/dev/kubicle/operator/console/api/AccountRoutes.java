package dev.kubicle.operator.console.api;

import dev.kubicle.operator.console.ApiException;
import dev.kubicle.operator.console.auth.Principal;
import dev.kubicle.operator.store.AuditEntry;
import dev.kubicle.operator.store.AuditQuery;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Who am I (with the session's CSRF token for pages and scripts that use the cookie) and the audit log (admins). */
public final class AccountRoutes implements ApiExtension {
  private ApiContext api;

  @Override
  public void register(ApiContext api) {
    this.api = api;
    api.route(HttpMethod.GET, "/me", this::me);
    api.route(HttpMethod.GET, "/audit", this::audit);
  }

  private void me(RoutingContext ctx, Principal principal) {
    JsonObject me = new JsonObject().put("name", principal.name()).put("role", principal.role())
        .put("authenticatedBy", principal.via() == Principal.Via.SESSION ? "session" : "apiToken");
    if (principal.csrfToken() != null) {
      me.put("csrfToken", principal.csrfToken());
    }
    ApiResponses.json(ctx, 200, me);
  }

  private void audit(RoutingContext ctx, Principal principal) {
    ApiContext.requireAdmin(principal);
    Instant since = null;
    String sinceText = ctx.request().getParam("since");
    if (sinceText != null) {
      try {
        since = Instant.parse(sinceText);
      } catch (DateTimeParseException e) {
        throw ApiException.badRequest("since must be an RFC 3339 time such as 2026-12-01T10:00:00Z", "since");
      }
    }
    int limit = ApiResponses.intParam(ctx, "limit", 100, 1, 500);
    List<AuditEntry> entries = api.store().audit().query(new AuditQuery(ctx.request().getParam("actor"),
        ctx.request().getParam("action"), ctx.request().getParam("namespace"), ctx.request().getParam("name"), since,
        ApiResponses.longParam(ctx, "beforeId", 0), limit));
    JsonArray items = new JsonArray();
    entries.forEach(e -> items.add(new JsonObject().put("id", e.id()).put("at", e.at().toString())
        .put("actor", e.actor()).put("actorKey", e.actorKey()).put("action", e.action()).put("kind", e.kind())
        .put("namespace", e.namespace()).put("name", e.name()).put("sourceAddress", e.sourceAddress())
        .put("result", e.result()).put("detail", e.detail())));
    String next = entries.size() == limit ? String.valueOf(entries.get(entries.size() - 1).id()) : null;
    JsonObject body = new JsonObject().put("items", items);
    if (next != null) {
      body.put("beforeId", Long.parseLong(next));
    }
    ApiResponses.json(ctx, 200, body);
  }
}
