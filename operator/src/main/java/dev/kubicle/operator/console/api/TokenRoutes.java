package dev.kubicle.operator.console.api;

import dev.kubicle.api.validation.Durations;
import dev.kubicle.operator.console.ApiException;
import dev.kubicle.operator.console.Requests;
import dev.kubicle.operator.console.auth.ApiTokenService;
import dev.kubicle.operator.console.auth.OpenStreams;
import dev.kubicle.operator.console.auth.Principal;
import dev.kubicle.operator.store.ApiTokenRecord;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/** The current user's API tokens: create (the secret is in this one response only), list, revoke. */
public final class TokenRoutes implements ApiExtension {
  private final ApiTokenService tokens;
  private final OpenStreams streams;

  public TokenRoutes(ApiTokenService tokens, OpenStreams streams) {
    this.streams = streams;
    this.tokens = tokens;
  }

  @Override
  public void register(ApiContext api) {
    api.route(HttpMethod.GET, "/tokens", this::list);
    api.route(HttpMethod.POST, "/tokens", this::create);
    api.route(HttpMethod.DELETE, "/tokens/:id", this::revoke);
  }

  private void list(RoutingContext ctx, Principal principal) {
    JsonArray items = new JsonArray();
    tokens.list(principal.userKey()).forEach(t -> items.add(view(t)));
    ApiResponses.items(ctx, items, null);
  }

  private void create(RoutingContext ctx, Principal principal) {
    JsonObject body = ApiResponses.body(ctx);
    String name = ApiResponses.string(body, "name", true);
    Requests.audit(ctx, "token.create", "ApiToken", null, name);
    if (name.isBlank() || name.length() > 100) {
      throw new ApiException(422, "invalid", "name must be 1 to 100 characters", "name", null);
    }
    String lifetimeText = ApiResponses.string(body, "lifetime", false);
    Duration lifetime = null;
    if (lifetimeText != null) {
      try {
        lifetime = Durations.parse("lifetime", lifetimeText);
      } catch (IllegalArgumentException e) {
        throw new ApiException(422, "invalid", e.getMessage(), "lifetime", null);
      }
    }
    ApiTokenService.Created created;
    try {
      created = tokens.create(principal.userKey(), principal.name(), name, lifetime);
    } catch (IllegalArgumentException e) {
      throw new ApiException(422, "invalid", "lifetime " + e.getMessage(), "lifetime", null);
    }
    Requests.audit(ctx, "token.create", "ApiToken", null, created.record().id());
    Requests.auditDetail(ctx, name);
    ApiResponses.json(ctx, 201, view(created.record()).put("token", created.token()));
  }

  private void revoke(RoutingContext ctx, Principal principal) {
    String id = ctx.pathParam("id");
    Requests.audit(ctx, "token.revoke", "ApiToken", null, id);
    if (!tokens.revoke(principal.userKey(), id)) {
      throw ApiException.notFound("you have no API token " + id);
    }
    // Event streams and terminals opened with the token end with it, not when they next read.
    streams.closeAll(Principal.Credential.apiToken(id));
    ctx.response().setStatusCode(204).end();
  }

  private static JsonObject view(ApiTokenRecord t) {
    return new JsonObject().put("id", t.id()).put("name", t.name()).put("createdAt", t.createdAt().toString())
        .put("expiresAt", t.expiresAt().toString())
        .put("lastUsedAt", t.lastUsedAt() == null ? null : t.lastUsedAt().toString())
        .put("revokedAt", t.revokedAt() == null ? null : t.revokedAt().toString());
  }
}
