package dev.kubicle.operator.console;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns failures into the API's JSON errors: {@link ApiException}s as they are, Vert.x's own statuses (413 from the
 * body limit, 404 for no route) with a message, and anything else as a 500 whose cause is logged, never returned.
 */
public final class ErrorResponses {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

  private ErrorResponses() {}

  public static void handleFailure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiException api) {
      send(ctx, api);
      return;
    }
    int status = ctx.statusCode();
    if (failure == null && status == 413) {
      send(ctx, new ApiException(413, "too_large", "the request body is larger than the limit of "
          + ctx.get("kubicle.maxBodyBytes", 0L) + " bytes (KUBICLE_MAX_REQUEST_BYTES)"));
      return;
    }
    if (failure == null && status >= 400 && status < 500) {
      send(ctx, new ApiException(status, status == 404 ? "not_found" : "bad_request",
          status == 404 ? "no such route: " + ctx.request().method() + " " + ctx.request().path()
              : "the request was refused (HTTP " + status + ")"));
      return;
    }
    if (failure instanceof dev.kubicle.operator.store.StoreException store) {
      // Sign-ins, tokens and logs need the store; workspaces do not, and keep running meanwhile.
      LOG.warn("{} {} failed: {}", ctx.request().method(), ctx.request().path(), store.getMessage());
      send(ctx, new ApiException(503, "store_unavailable", "the store (sessions, API tokens, logs, audit) cannot "
          + "be used right now; workspaces keep running. Try again shortly; the operator's log has the details"));
      return;
    }
    LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
    send(ctx, new ApiException(500, "internal", "the server failed to handle this request; the operator's log "
        + "has the details"));
  }

  public static void send(RoutingContext ctx, ApiException e) {
    if (ctx.response().ended()) {
      return;
    }
    if (ctx.get(Requests.AUDIT_DETAIL) == null) {
      Requests.auditDetail(ctx, e.getMessage());
    }
    if (ctx.response().headWritten()) {
      ctx.response().end(); // a stream already started: nothing better to do than close it
      return;
    }
    JsonObject error = new JsonObject().put("code", e.code()).put("message", e.getMessage());
    if (e.field() != null) {
      error.put("field", e.field());
    }
    if (!e.details().isEmpty()) {
      error.put("details", new JsonArray(e.details()));
    }
    ctx.response().setStatusCode(e.status()).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", error).encode());
  }
}
