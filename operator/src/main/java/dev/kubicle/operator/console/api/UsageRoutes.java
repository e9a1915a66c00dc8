package dev.kubicle.operator.console.api;

import dev.kubicle.operator.console.ApiException;
import dev.kubicle.operator.console.auth.Principal;
import dev.kubicle.operator.store.MonthlyUsage;
import dev.kubicle.operator.store.TaskRecords;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Model usage per user and model per month (UTC): everyone's for admins, one's own with {@code ?mine}, as JSON or as
 * a CSV download. Cost is absent (not zero) where no call had a price; unpriced calls are counted apart.
 */
public final class UsageRoutes implements ApiExtension {
  private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");

  private ApiContext api;

  @Override
  public void register(ApiContext api) {
    this.api = api;
    api.route(HttpMethod.GET, "/usage", this::json);
    api.route(HttpMethod.GET, "/usage.csv", this::csv);
  }

  /** Whose usage: the caller's own with ?mine; otherwise everyone's (or ?user=), which needs an admin. */
  private String owner(RoutingContext ctx, Principal principal) {
    String mine = ctx.request().getParam("mine");
    if (mine != null && !mine.equalsIgnoreCase("false")) {
      return principal.name();
    }
    if (!principal.admin()) {
      throw ApiException.forbidden("only admins read everyone's usage (your role is " + principal.role()
          + "); add ?mine for your own");
    }
    String user = ctx.request().getParam("user");
    return user == null || user.isBlank() ? null : user;
  }

  private YearMonth month(RoutingContext ctx) {
    String text = ctx.request().getParam("month");
    if (text == null || text.isBlank()) {
      return TaskRecords.monthOf(api.clock().instant());
    }
    try {
      if (MONTH.matcher(text).matches()) {
        return YearMonth.parse(text);
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    throw ApiException.badRequest("month must be YYYY-MM (UTC), e.g. 2026-11; got \"" + text + "\"", "month");
  }

  private void json(RoutingContext ctx, Principal principal) {
    String owner = owner(ctx, principal);
    YearMonth month = month(ctx);
    List<MonthlyUsage> rows = api.store().taskRecords().usage(month, owner);
    JsonArray items = new JsonArray();
    long calls = 0;
    long unpriced = 0;
    long[] tokens = new long[4];
    Long cost = null;
    for (MonthlyUsage u : rows) {
      items.add(TaskViews.usage(u));
      calls += u.calls();
      unpriced += u.unpricedCalls();
      tokens[0] += u.inputTokens();
      tokens[1] += u.outputTokens();
      tokens[2] += u.cacheReadTokens();
      tokens[3] += u.cacheWriteTokens();
      if (u.costMicros() != null) {
        cost = (cost == null ? 0 : cost) + u.costMicros();
      }
    }
    JsonObject totals = new JsonObject().put("calls", calls)
        .put("usage", TaskViews.tokens(tokens[0], tokens[1], tokens[2], tokens[3])).put("costMicros", cost)
        .put("unpricedCalls", unpriced);
    ApiResponses.json(ctx, 200, new JsonObject().put("month", month.toString()).put("owner", owner)
        .put("items", items).put("totals", totals));
  }

  private void csv(RoutingContext ctx, Principal principal) {
    String owner = owner(ctx, principal);
    YearMonth month = month(ctx);
    String body = UsageCsv.write(api.store().taskRecords().usage(month, owner));
    ctx.response().setStatusCode(200).putHeader("Content-Type", "text/csv; charset=utf-8")
        .putHeader("Content-Disposition", "attachment; filename=\"kubicle-usage-" + month
            + (owner == null ? "" : "-" + owner.replaceAll("[^A-Za-z0-9._-]", "_")) + ".csv\"")
        .end(body);
  }

  @Override
  public JsonObject openApiPaths() {
    return OpenApiFragments.paths("openapi-usage.json",
        "/usage",
        "/usage.csv");
  }
}
