package dev.kubicle.operator.console;

import dev.kubicle.operator.console.auth.Principal;
import dev.kubicle.operator.store.AuditEntry;
import dev.kubicle.operator.store.AuditLog;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every state-changing request (POST, PUT, PATCH, DELETE) once its response is sent, whatever the outcome:
 * who, what, which object, when, from where, and the result (ok, denied, invalid, error). Handlers name the action
 * and object through {@link Requests#audit}; a request refused before any handler ran is recorded by method and path.
 */
public final class AuditHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(AuditHandler.class);
  private static final Set<HttpMethod> CHANGES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
      HttpMethod.DELETE);
  private static final int MAX_DETAIL = 500;
  /** The OIDC callback is a GET by protocol, yet it signs someone in: it is recorded like a change. */
  private static final Set<String> SIGN_IN_GETS = Set.of(LoginRoutes.CALLBACK);

  private final Vertx vertx;
  private final AuditLog audit;
  private final Clock clock;
  private final int trustedProxyHops;

  public AuditHandler(Vertx vertx, AuditLog audit, Clock clock, int trustedProxyHops) {
    this.vertx = vertx;
    this.audit = audit;
    this.clock = clock;
    this.trustedProxyHops = trustedProxyHops;
  }

  public static boolean changesState(HttpMethod method) {
    return CHANGES.contains(method);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (changesState(ctx.request().method()) || SIGN_IN_GETS.contains(ctx.request().path())) {
      var at = clock.instant();
      String address = ClientAddress.of(ctx, trustedProxyHops);
      ctx.addBodyEndHandler(v -> {
        AuditEntry entry = entry(ctx, at, address);
        // The store is blocking (JDBC): write off the event loop, in order of completion.
        vertx.executeBlocking(() -> audit.record(entry), false).onFailure(e ->
            LOG.error("audit record lost for {} {} by {}: {}", entry.action(), entry.name(), entry.actor(),
                e.toString()));
      });
    }
    ctx.next();
  }

  private static AuditEntry entry(RoutingContext ctx, java.time.Instant at, String address) {
    String actor = "anonymous";
    String actorKey = null;
    Principal principal = ctx.get(Requests.PRINCIPAL);
    String[] signedIn = ctx.get(Requests.AUDIT_ACTOR);
    if (principal != null) {
      actor = principal.name();
      actorKey = principal.userKey();
    } else if (signedIn != null) {
      actor = signedIn[0];
      actorKey = signedIn[1];
    }
    String action = ctx.get(Requests.AUDIT_ACTION);
    if (action == null) {
      action = ctx.request().method().name() + " " + ctx.request().path();
    }
    String result = ctx.get(Requests.AUDIT_RESULT);
    if (result == null) {
      result = result(ctx.response().getStatusCode());
    }
    String detail = ctx.get(Requests.AUDIT_DETAIL);
    if (detail != null && detail.length() > MAX_DETAIL) {
      detail = detail.substring(0, MAX_DETAIL) + "…";
    }
    return new AuditEntry(0, at, actor, actorKey, action, ctx.get(Requests.AUDIT_KIND),
        ctx.get(Requests.AUDIT_NAMESPACE), ctx.get(Requests.AUDIT_NAME), address, result, detail);
  }

  static String result(int status) {
    if (status < 400) {
      return "ok";
    }
    if (status == 401 || status == 403 || status == 429) {
      return "denied";
    }
    if (status >= 500) {
      return "error";
    }
    return "invalid";
  }
}
