package dev.kubicle.operator.console;

import dev.kubicle.operator.console.auth.Principal;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** What the console's handlers attach to a request: who made it, and what the audit record should name. */
public final class Requests {
  static final String PRINCIPAL = "kubicle.principal";
  static final String AUDIT_ACTION = "kubicle.audit.action";
  static final String AUDIT_KIND = "kubicle.audit.kind";
  static final String AUDIT_NAMESPACE = "kubicle.audit.namespace";
  static final String AUDIT_NAME = "kubicle.audit.name";
  static final String AUDIT_RESULT = "kubicle.audit.result";
  static final String AUDIT_DETAIL = "kubicle.audit.detail";
  static final String AUDIT_ACTOR = "kubicle.audit.actor";

  private Requests() {}

  public static Optional<Principal> principal(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(PRINCIPAL));
  }

  /** The signed-in principal, or 401. */
  public static Principal require(RoutingContext ctx) {
    return principal(ctx).orElseThrow(() -> ApiException.unauthenticated(
        "sign in at /auth/login, or send an API token as Authorization: Bearer kbt_…"));
  }

  public static void setPrincipal(RoutingContext ctx, Principal principal) {
    ctx.put(PRINCIPAL, principal);
  }

  /** Names the action and object this request is about, for its audit record. */
  public static void audit(RoutingContext ctx, String action, String kind, String namespace, String name) {
    ctx.put(AUDIT_ACTION, action);
    ctx.put(AUDIT_KIND, kind);
    ctx.put(AUDIT_NAMESPACE, namespace);
    ctx.put(AUDIT_NAME, name);
  }

  /** Overrides the result derived from the status code ("denied" for a hidden 404, for example). */
  public static void auditResult(RoutingContext ctx, String result, String detail) {
    ctx.put(AUDIT_RESULT, result);
    if (detail != null) {
      ctx.put(AUDIT_DETAIL, detail);
    }
  }

  public static void auditDetail(RoutingContext ctx, String detail) {
    ctx.put(AUDIT_DETAIL, detail);
  }

  /** The actor for a request that signs someone in (no principal existed yet when it arrived). */
  public static void auditActor(RoutingContext ctx, String actor, String actorKey) {
    ctx.put(AUDIT_ACTOR, new String[] {actor, actorKey});
  }
}
