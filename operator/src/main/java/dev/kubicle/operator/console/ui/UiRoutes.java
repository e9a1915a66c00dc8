package dev.kubicle.operator.console.ui;

import dev.kubicle.operator.console.Html;
import dev.kubicle.operator.console.Requests;
import dev.kubicle.operator.console.SafeRedirects;
import dev.kubicle.operator.console.auth.Principal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The browser UI: its static files under /ui/ (public: they hold no data), and its pages (/workspaces, /templates,
 * /tasks, /usage, /devices, /settings, /audit, …), which all get the same small shell with the navigation and the
 * session's CSRF token; the page's module then draws it from the API. Without a console session a page sends the
 * browser to /login, which brings it back afterwards.
 */
public final class UiRoutes {
  /** Page paths; each also serves everything below it (/workspaces/default/dev). */
  static final List<String> PAGES = List.of("/workspaces", "/templates", "/tasks", "/usage", "/devices", "/settings",
      "/audit");

  private final UiAssets assets = new UiAssets();

  public void mount(Router router) {
    router.get("/ui/*").handler(this::asset);
    router.get("/").handler(this::page);
    for (String page : PAGES) {
      router.get(page).handler(this::page);
      router.get(page + "/*").handler(this::page);
    }
  }

  private void asset(RoutingContext ctx) {
    String name = ctx.request().path().substring("/ui/".length());
    var found = assets.find(name);
    if (found.isEmpty()) {
      ctx.response().setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8")
          .end("no such file: /ui/" + name + "\n");
      return;
    }
    UiAssets.Asset asset = found.get();
    // Revalidated on every use (the jar may change with an upgrade), answered with 304 when unchanged.
    ctx.response().putHeader("Cache-Control", "no-cache").putHeader("ETag", asset.etag());
    if (asset.etag().equals(ctx.request().getHeader("If-None-Match"))) {
      ctx.response().setStatusCode(304).end();
      return;
    }
    ctx.response().putHeader("Content-Type", asset.contentType()).end(io.vertx.core.buffer.Buffer.buffer(asset.bytes()));
  }

  private void page(RoutingContext ctx) {
    Principal principal = Requests.principal(ctx).orElse(null);
    if (principal == null || principal.via() != Principal.Via.SESSION) {
      String uri = ctx.request().uri();
      String back = SafeRedirects.target(uri);
      ctx.response().setStatusCode(303).putHeader("Location", back.equals(SafeRedirects.HOME) ? "/login"
          : "/login?redirect=" + URLEncoder.encode(back, StandardCharsets.UTF_8)).end();
      return;
    }
    ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(shell(principal));
  }

  /** The page frame: every value escaped, no inline script or style (the CSP forbids both). */
  static String shell(Principal principal) {
    String csrf = Html.escape(principal.csrfToken());
    StringBuilder nav = new StringBuilder();
    nav.append("<a href=\"/workspaces\">Workspaces</a><a href=\"/templates\">Templates</a>")
        .append("<a href=\"/tasks\">Tasks</a>")
        .append("<a href=\"/devices\">Devices</a><a href=\"/settings\">Account</a>");
    if (principal.admin()) {
      nav.append("<a href=\"/usage\">Usage</a><a href=\"/audit\">Audit log</a>");
    }
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>Kubicle</title>"
        + "<meta name=\"kubicle-user\" content=\"" + Html.escape(principal.name()) + "\">"
        + "<meta name=\"kubicle-role\" content=\"" + principal.role() + "\">"
        + "<meta name=\"kubicle-csrf\" content=\"" + csrf + "\">"
        + "<link rel=\"stylesheet\" href=\"/ui/app.css\">"
        + "<script type=\"module\" src=\"/ui/js/app.js\"></script></head>\n"
        + "<body><a class=\"skip\" href=\"#main\">Skip to content</a>\n"
        + "<header class=\"top\"><a class=\"brand\" href=\"/workspaces\">Kubicle</a>"
        + "<nav aria-label=\"Main\">" + nav + "</nav>"
        + "<div class=\"who\"><span id=\"who\">" + Html.escape(principal.name())
        + (principal.admin() ? " <span class=\"badge\">admin</span>" : "") + "</span>"
        + "<form method=\"post\" action=\"/auth/logout\"><input type=\"hidden\" name=\"csrf_token\" value=\"" + csrf
        + "\"><button type=\"submit\" class=\"link\">Sign out</button></form></div></header>\n"
        + "<main id=\"main\" tabindex=\"-1\"><p class=\"muted\">Loading…</p>"
        + "<noscript><p>The console needs JavaScript. The same is available from the API: /api/v1/openapi.json"
        + "</p></noscript></main>\n</body></html>\n";
  }
}
