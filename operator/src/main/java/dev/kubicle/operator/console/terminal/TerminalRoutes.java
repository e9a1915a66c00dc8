package dev.kubicle.operator.console.terminal;

import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.agentapi.AgentRegistry;
import dev.kubicle.operator.agentapi.AgentSession;
import dev.kubicle.operator.agentapi.ControlPlaneServer;
import dev.kubicle.operator.console.ApiException;
import dev.kubicle.operator.console.ClientAddress;
import dev.kubicle.operator.console.ConsoleConfig;
import dev.kubicle.operator.console.ErrorResponses;
import dev.kubicle.operator.console.api.Access;
import dev.kubicle.operator.console.api.ApiContext;
import dev.kubicle.operator.console.api.ApiExtension;
import dev.kubicle.operator.console.auth.OpenStreams;
import dev.kubicle.operator.console.auth.Principal;
import dev.kubicle.operator.console.auth.Secrets;
import dev.kubicle.operator.store.AuditEntry;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web terminal's endpoint: {@code GET /api/v1/namespaces/{ns}/workspaces/{name}/terminal} upgraded to a
 * WebSocket that is bridged to a PTY of the workspace's agent ({@link TerminalBridge}). Browsers cannot set headers
 * on a WebSocket, so a cookie session proves the request is the console's own by the Origin header (always sent by
 * browsers) and the session's CSRF token, sent as a second subprotocol value {@code csrf.<token>}. Every attempt that
 * reaches the handler is recorded in the audit log as {@code workspace.terminal}.
 */
public final class TerminalRoutes implements ApiExtension {
  public static final String PATH = "/namespaces/:namespace/workspaces/:name/terminal";
  static final String CSRF_PREFIX = "csrf.";
  static final int MAX_DIMENSION = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(TerminalRoutes.class);

  private final Vertx vertx;
  private final AgentRegistry agents;
  private final String origin;
  private final int trustedProxyHops;
  private ApiContext api;
  private Access access;

  public TerminalRoutes(Vertx vertx, AgentRegistry agents, ConsoleConfig config) {
    this.vertx = vertx;
    this.agents = agents;
    this.origin = config.origin();
    this.trustedProxyHops = config.trustedProxyHops();
  }

  @Override
  public void register(ApiContext api) {
    this.api = api;
    this.access = new Access(api.caches());
    api.streamRoute(PATH, this::open);
  }

  private void open(RoutingContext ctx, Principal principal) {
    var request = ctx.request();
    if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
      // A plain GET changes nothing and is not audited (no state change on GET).
      throw ApiException.badRequest("this is a WebSocket endpoint: connect with ws:// or wss:// and the subprotocol "
          + ControlPlaneServer.TERMINAL_SUBPROTOCOL, null);
    }
    String namespace = ctx.pathParam("namespace");
    String name = ctx.pathParam("name");
    String address = ClientAddress.of(ctx, trustedProxyHops);
    AgentSession session;
    int cols;
    int rows;
    try {
      checkBrowserOrigin(ctx, principal);
      Workspace ws = access.workspace(ctx, principal, namespace, name);
      session = agents.session(new ResourceID(name, namespace)).filter(s -> s.connection().isOpen())
          .orElseThrow(() -> ApiException.conflict("the agent of workspace " + namespace + "/" + name + " is not "
              + "connected (phase " + (ws.getStatus() == null ? "unknown" : ws.getStatus().getPhase())
              + "); start the workspace and wait until it is Ready"));
      cols = dimension(ctx, "cols", 80);
      rows = dimension(ctx, "rows", 24);
    } catch (ApiException e) {
      boolean hidden = e.status() == 404 && api.caches().workspace(namespace, name).isPresent();
      audit(principal, namespace, name, address, hidden ? "denied" : result(e.status()),
          hidden ? "owned by another user" : e.getMessage());
      ErrorResponses.send(ctx, e);
      return;
    }
    String ptyId = "web-" + Secrets.randomHex(8);
    request.toWebSocket().onSuccess(socket -> {
      audit(principal, namespace, name, address, "ok", "pty " + ptyId + " " + cols + "x" + rows);
      LOG.info("{} opened a terminal on {}/{} ({})", principal.name(), namespace, name, ptyId);
      TerminalBridge bridge = new TerminalBridge(vertx, socket, session.connection(), ptyId);
      bridge.start(cols, rows);
      // Signing out or revoking the token that opened the terminal closes it, telling the browser why.
      api.streams().track(principal, new OpenStreams.Stream(() -> bridge.close(OpenStreams.ENDED),
          () -> !socket.isClosed()));
    }).onFailure(e -> {
      audit(principal, namespace, name, address, "error", "the WebSocket handshake failed: " + e.getMessage());
      LOG.warn("terminal handshake for {}/{} failed: {}", namespace, name, e.toString());
    });
  }

  /**
   * A cookie session's WebSocket must come from the console's own page: its Origin, and the CSRF token among the
   * subprotocols. API tokens are never sent by a browser on its own, so they need neither.
   */
  private void checkBrowserOrigin(RoutingContext ctx, Principal principal) {
    if (principal.via() != Principal.Via.SESSION) {
      return;
    }
    String requestOrigin = ctx.request().getHeader("Origin");
    if (requestOrigin == null || !requestOrigin.equals(origin)) {
      throw new ApiException(403, "csrf", "the terminal opens only from the console's own pages (Origin "
          + (requestOrigin == null ? "missing" : requestOrigin) + ", expected " + origin + ")");
    }
    String token = csrfToken(ctx.request().getHeader("Sec-WebSocket-Protocol"));
    if (token == null) {
      throw new ApiException(403, "csrf", "missing CSRF token: send the session's token (GET /api/v1/me) as the "
          + "WebSocket subprotocol " + CSRF_PREFIX + "<token> next to " + ControlPlaneServer.TERMINAL_SUBPROTOCOL);
    }
    if (!Secrets.equal(token, principal.csrfToken())) {
      throw new ApiException(403, "csrf", "the CSRF token does not match this session");
    }
  }

  /** The token from a {@code Sec-WebSocket-Protocol} list such as "kubicle.terminal.v1, csrf.abc". */
  static String csrfToken(String protocols) {
    if (protocols == null) {
      return null;
    }
    for (String value : protocols.split(",")) {
      String p = value.strip();
      if (p.startsWith(CSRF_PREFIX) && p.length() > CSRF_PREFIX.length()) {
        return p.substring(CSRF_PREFIX.length());
      }
    }
    return null;
  }

  private static int dimension(RoutingContext ctx, String param, int fallback) {
    String text = ctx.request().getParam(param);
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.strip());
      if (value >= 1 && value <= MAX_DIMENSION) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badRequest(param + " must be a whole number from 1 to " + MAX_DIMENSION + ", got \"" + text
        + "\"", param);
  }

  private static String result(int status) {
    if (status == 401 || status == 403 || status == 429) {
      return "denied";
    }
    return status >= 500 ? "error" : "invalid";
  }

  /** The audit handler records only POST/PUT/PATCH/DELETE; opening a shell is as consequential, so it is recorded. */
  private void audit(Principal principal, String namespace, String name, String address, String result,
      String detail) {
    AuditEntry entry = new AuditEntry(0, api.clock().instant(), principal.name(), principal.userKey(),
        "workspace.terminal", "Workspace", namespace, name, address, result, detail);
    vertx.executeBlocking(() -> api.store().audit().record(entry), false).onFailure(e ->
        LOG.error("audit record lost for workspace.terminal {}/{} by {}: {}", namespace, name, principal.name(),
            e.toString()));
  }

  @Override
  public JsonObject openApiPaths() {
    JsonObject error = new JsonObject().put("description", "see Error")
        .put("content", new JsonObject().put("application/json", new JsonObject()
            .put("schema", new JsonObject().put("$ref", "#/components/schemas/Error"))));
    JsonArray parameters = new JsonArray()
        .add(pathParam("namespace")).add(pathParam("name"))
        .add(queryParam("cols", "terminal width in columns (1-1000, default 80)"))
        .add(queryParam("rows", "terminal height in rows (1-1000, default 24)"));
    JsonObject get = new JsonObject()
        .put("summary", "Open a web terminal (WebSocket) on the workspace's agent")
        .put("description", "Upgrade to a WebSocket with the subprotocol " + ControlPlaneServer.TERMINAL_SUBPROTOCOL
            + ". A cookie session must come from the console's Origin and send its CSRF token as a second "
            + "subprotocol value csrf.<token>. Browser to server: text frames {\"type\":\"input\",\"data\":\"…\"} "
            + "and {\"type\":\"resize\",\"cols\":n,\"rows\":n} (raw binary frames are input too). Server to browser: "
            + "binary frames with the terminal's output bytes, and text frames {\"type\":\"exit\",\"exitCode\":n} or "
            + "{\"type\":\"error\",\"message\":\"…\"} before it closes. Every attempt is audited as workspace.terminal.")
        .put("parameters", parameters)
        .put("responses", new JsonObject()
            .put("101", new JsonObject().put("description", "switching to the WebSocket"))
            .put("400", error).put("401", error).put("403", error).put("404", error)
            .put("409", new JsonObject().put("description", "the workspace's agent is not connected")
                .put("content", error.getJsonObject("content"))));
    return new JsonObject().put("/namespaces/{namespace}/workspaces/{name}/terminal",
        new JsonObject().put("get", get));
  }

  private static JsonObject pathParam(String name) {
    return new JsonObject().put("name", name).put("in", "path").put("required", true)
        .put("schema", new JsonObject().put("type", "string"));
  }

  private static JsonObject queryParam(String name, String description) {
    return new JsonObject().put("name", name).put("in", "query").put("required", false)
        .put("description", description).put("schema", new JsonObject().put("type", "integer"));
  }
}
