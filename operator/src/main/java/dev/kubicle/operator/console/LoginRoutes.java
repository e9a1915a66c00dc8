package dev.kubicle.operator.console;

import dev.kubicle.operator.console.auth.DevLogin;
import dev.kubicle.operator.console.auth.OidcException;
import dev.kubicle.operator.console.auth.OidcIdentity;
import dev.kubicle.operator.console.auth.OidcProvider;
import dev.kubicle.operator.console.auth.OpenStreams;
import dev.kubicle.operator.console.auth.PendingLogins;
import dev.kubicle.operator.console.auth.Principal;
import dev.kubicle.operator.console.auth.SessionService;
import dev.kubicle.operator.store.NameTakenException;
import dev.kubicle.operator.store.UserRecord;
import dev.kubicle.operator.store.Users;
import io.vertx.core.http.Cookie;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing in and out: the OIDC authorization code flow (GET /auth/login redirects to the issuer, GET
 * /auth/callback completes it), the dev cluster's one-time code (POST /auth/dev-login), and POST /auth/logout.
 * Browsers get small HTML pages; clients that ask for JSON get the API's JSON errors.
 */
public final class LoginRoutes {
  public static final String CALLBACK = "/auth/callback";
  private static final Logger LOG = LoggerFactory.getLogger(LoginRoutes.class);

  private final ConsoleConfig config;
  private final OidcProvider oidc;
  private final PendingLogins pending;
  private final SessionService sessions;
  private final SessionCookies cookies;
  private final Users users;
  private final DevLogin devLogin;
  private final Clock clock;
  private final OpenStreams streams;

  /** @param devLogin the dev cluster's one-time login, or null (never on a real cluster) */
  public LoginRoutes(ConsoleConfig config, SessionService sessions, SessionCookies cookies, Users users,
      DevLogin devLogin, Clock clock, OpenStreams streams) {
    this.config = config;
    this.streams = streams;
    this.oidc = config.oidcEnabled() ? new OidcProvider(config) : null;
    this.pending = new PendingLogins(clock);
    this.sessions = sessions;
    this.cookies = cookies;
    this.users = users;
    this.devLogin = devLogin;
    this.clock = clock;
  }

  public void mount(Router router) {
    router.get("/login").handler(this::loginPage);
    router.get("/auth/login").blockingHandler(this::startOidc, false);
    router.get(CALLBACK).blockingHandler(this::callback, false);
    router.get("/login/dev").handler(this::devLoginPage);
    router.post("/auth/dev-login").blockingHandler(this::redeemDevLogin, false);
    router.post("/auth/logout").blockingHandler(this::logout, false);
  }

  private void loginPage(RoutingContext ctx) {
    String redirect = SafeRedirects.target(ctx.request().getParam("redirect"));
    StringBuilder body = new StringBuilder();
    if (oidc != null) {
      body.append("<p><a class=\"button primary\" href=\"/auth/login?redirect=").append(Html.escape(redirect))
          .append("\">Sign in with ").append(Html.escape(config.oidcIssuer())).append("</a></p>");
    }
    if (devLogin != null) {
      body.append(devLoginForm());
    }
    if (body.length() == 0) {
      body.append("<p>No sign-in method is configured: set KUBICLE_OIDC_ISSUER and KUBICLE_OIDC_CLIENT_ID "
          + "(see docs/console.md).</p>");
    }
    html(ctx, 200, Html.page("Sign in", body.toString()));
  }

  /** The dev cluster's one-time code form (no CSRF token: nobody is signed in yet, and the code is the secret). */
  private static String devLoginForm() {
    return "<form class=\"stack\" method=\"post\" action=\"/auth/dev-login\">"
        + "<label for=\"dev-code\">One-time code printed by <code>make run</code></label>"
        + "<input id=\"dev-code\" name=\"code\" autocomplete=\"off\" required spellcheck=\"false\">"
        + "<button type=\"submit\" class=\"primary\">Sign in</button></form>";
  }

  private void startOidc(RoutingContext ctx) {
    if (oidc == null) {
      throw ApiException.notFound("OIDC login is not configured (KUBICLE_OIDC_ISSUER)");
    }
    PendingLogins.Pending login = pending.start(SafeRedirects.target(ctx.request().getParam("redirect")));
    String url;
    try {
      url = oidc.authorizationUrl(login);
    } catch (OidcException e) {
      LOG.warn("cannot start an OIDC login: {}", e.getMessage());
      fail(ctx, new ApiException(502, "oidc_unavailable", "the identity provider cannot be used right now: "
          + e.getMessage()));
      return;
    }
    ctx.response().addCookie(cookies.login(login.state(), PendingLogins.LIFETIME));
    ctx.response().setStatusCode(302).putHeader("Location", url).end();
  }

  private void callback(RoutingContext ctx) {
    Requests.audit(ctx, "auth.login", "User", null, null);
    if (oidc == null) {
      throw ApiException.notFound("OIDC login is not configured (KUBICLE_OIDC_ISSUER)");
    }
    String state = ctx.request().getParam("state");
    Cookie bound = ctx.request().getCookie(cookies.loginName());
    ctx.response().addCookie(cookies.clearLogin());
    String error = ctx.request().getParam("error");
    if (error != null) {
      pending.take(state);
      fail(ctx, new ApiException(401, "login_refused", "the identity provider refused the login: " + error));
      return;
    }
    // The state must be the one this browser started with (its cookie), and known here: no login CSRF, no replay.
    if (state == null || bound == null || !state.equals(bound.getValue())) {
      fail(ctx, new ApiException(400, "login_state", "this login was not started in this browser (the state does "
          + "not match); start again at /login"));
      return;
    }
    var login = pending.take(state);
    if (login.isEmpty()) {
      fail(ctx, new ApiException(400, "login_state", "this login expired or was already used; start again at "
          + "/login"));
      return;
    }
    String code = ctx.request().getParam("code");
    if (code == null || code.isBlank()) {
      fail(ctx, ApiException.badRequest("the identity provider sent no code", "code"));
      return;
    }
    OidcIdentity identity;
    try {
      identity = oidc.complete(code, login.get());
    } catch (OidcException e) {
      LOG.warn("OIDC login refused: {}", e.getMessage());
      fail(ctx, new ApiException(401, "login_refused", "the login could not be verified: " + e.getMessage()));
      return;
    }
    Requests.auditActor(ctx, identity.username(), identity.userKey());
    boolean admin = config.adminGroup() != null && identity.groups().contains(config.adminGroup());
    signIn(ctx, identity.issuer(), identity.subject(), identity.username(), identity.email(), admin,
        login.get().returnTo(), true);
  }

  private void devLoginPage(RoutingContext ctx) {
    if (devLogin == null) {
      throw ApiException.notFound("the one-time dev login exists only on the embedded dev cluster (make run)");
    }
    html(ctx, 200, Html.page("Sign in with the dev code", devLoginForm()));
  }

  private void redeemDevLogin(RoutingContext ctx) {
    Requests.audit(ctx, "auth.dev-login", "User", null, devLogin == null ? null : devLogin.userName());
    if (devLogin == null) {
      throw ApiException.notFound("the one-time dev login exists only on the embedded dev cluster (make run)");
    }
    boolean form = !wantsJson(ctx);
    String code = form ? ctx.request().getFormAttribute("code") : jsonBody(ctx).getString("code");
    if (!devLogin.redeem(code)) {
      fail(ctx, new ApiException(401, "login_refused", "that code is wrong, expired or already used; restart make "
          + "run for a new one"));
      return;
    }
    Requests.auditActor(ctx, devLogin.userName(), DevLogin.ISSUER + "|" + devLogin.userName());
    signIn(ctx, DevLogin.ISSUER, devLogin.userName(), devLogin.userName(), null, true, SafeRedirects.HOME, form);
  }

  private void signIn(RoutingContext ctx, String issuer, String subject, String name, String email, boolean admin,
      String returnTo, boolean redirect) {
    UserRecord user;
    try {
      user = users.login(issuer, subject, name, email, clock.instant());
    } catch (NameTakenException e) {
      fail(ctx, new ApiException(409, "name_taken", "the user name \"" + name + "\" already belongs to another "
          + "identity, so you cannot sign in with it; ask an admin to rename one of the accounts at the identity "
          + "provider"));
      return;
    }
    SessionService.Created session = sessions.create(user.key(), user.name(), admin);
    ctx.response().addCookie(cookies.session(session.cookieValue(), sessions.lifetime()));
    LOG.info("{} signed in as {}", user.name(), admin ? "admin" : "member");
    if (redirect) {
      ctx.response().setStatusCode(303).putHeader("Location", returnTo).end();
    } else {
      json(ctx, 200, new JsonObject().put("name", user.name()).put("role", admin ? "admin" : "member")
          .put("csrfToken", session.record().csrfToken()));
    }
  }

  private void logout(RoutingContext ctx) {
    Requests.audit(ctx, "auth.logout", "User", null, null);
    Principal principal = Requests.require(ctx);
    if (principal.via() == Principal.Via.SESSION) {
      sessions.delete(principal.sessionHash());
      streams.closeAll(principal.credential());
    }
    ctx.response().addCookie(cookies.clearSession());
    if (wantsJson(ctx)) {
      ctx.response().setStatusCode(204).end();
    } else {
      ctx.response().setStatusCode(303).putHeader("Location", "/login").end();
    }
  }

  /** A browser gets a page saying what went wrong; a script gets the JSON error. */
  private static void fail(RoutingContext ctx, ApiException e) {
    if (wantsJson(ctx)) {
      ErrorResponses.send(ctx, e);
      return;
    }
    Requests.auditDetail(ctx, e.getMessage());
    html(ctx, e.status(), Html.page("Sign-in failed", "<p>" + Html.escape(e.getMessage()) + "</p>"
        + "<p><a href=\"/login\">Back to sign in</a></p>"));
  }

  private static boolean wantsJson(RoutingContext ctx) {
    String accept = ctx.request().getHeader("Accept");
    String type = ctx.request().getHeader("Content-Type");
    return (accept != null && accept.contains("application/json") && !accept.contains("text/html"))
        || (type != null && type.startsWith("application/json"));
  }

  private static JsonObject jsonBody(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      return body == null ? new JsonObject() : body;
    } catch (RuntimeException e) {
      throw ApiException.badRequest("the body is not a JSON object", null);
    }
  }

  private static void html(RoutingContext ctx, int status, String page) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(page);
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
