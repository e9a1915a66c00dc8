package dev.kubicle.operator.console.api;

import dev.kubicle.operator.console.ApiException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Small helpers every API handler uses: JSON out, JSON in, and typed query parameters with clear errors. */
public final class ApiResponses {
  private ApiResponses() {}

  public static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  public static void items(RoutingContext ctx, JsonArray items, String next) {
    JsonObject body = new JsonObject().put("items", items);
    if (next != null) {
      body.put("continue", next);
    }
    json(ctx, 200, body);
  }

  /** The body as a JSON object, or 400 saying it is not one. */
  public static JsonObject body(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.startsWith("application/json")) {
      throw new ApiException(415, "unsupported_media_type", "send the body as JSON (Content-Type: application/json)");
    }
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body == null) {
        throw ApiException.badRequest("the body is empty: send a JSON object", null);
      }
      return body;
    } catch (ClassCastException | io.vertx.core.json.DecodeException e) {
      throw ApiException.badRequest("the body is not a JSON object: " + e.getMessage(), null);
    }
  }

  public static String string(JsonObject body, String field, boolean required) {
    Object value = body.getValue(field);
    if (value == null) {
      if (required) {
        throw ApiException.badRequest(field + " is required", field);
      }
      return null;
    }
    if (!(value instanceof String text)) {
      throw ApiException.badRequest(field + " must be a string", field);
    }
    return text;
  }

  public static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
    String text = ctx.request().getParam(name);
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text);
      if (value < min || value > max) {
        throw ApiException.badRequest(name + " must be between " + min + " and " + max + ", got " + value, name);
      }
      return value;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + " must be a whole number, got \"" + text + "\"", name);
    }
  }

  public static long longParam(RoutingContext ctx, String name, long fallback) {
    String text = ctx.request().getParam(name);
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      long value = Long.parseLong(text);
      if (value < 0) {
        throw ApiException.badRequest(name + " must not be negative, got " + value, name);
      }
      return value;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + " must be a whole number, got \"" + text + "\"", name);
    }
  }
}
