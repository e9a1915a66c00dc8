package dev.kubicle.operator.console.api;

import dev.kubicle.api.v1alpha1.BuildTransition;
import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateRef;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.api.validation.ParameterValidator;
import dev.kubicle.api.validation.Problem;
import dev.kubicle.api.validation.ValidationResult;
import dev.kubicle.operator.console.ApiException;
import dev.kubicle.operator.console.Requests;
import dev.kubicle.operator.console.auth.Principal;
import dev.kubicle.operator.kube.Labels;
import dev.kubicle.operator.template.TemplateSnapshot;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Creating and changing workspaces: create from a template with validated parameters (owner and initiator are the
 * caller), start, stop, restart, update to the template's latest version, delete. Each names itself for the audit.
 */
public final class WorkspaceWriteRoutes implements ApiExtension {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private ConsoleCaches caches;
  private Access access;
  private WorkspaceCommands commands;

  @Override
  public void register(ApiContext api) {
    this.caches = api.caches();
    this.access = new Access(caches);
    this.commands = new WorkspaceCommands(api.client());
    api.route(HttpMethod.POST, "/namespaces/:namespace/workspaces", this::create);
    api.route(HttpMethod.DELETE, "/namespaces/:namespace/workspaces/:name", this::delete);
    api.route(HttpMethod.POST, "/namespaces/:namespace/workspaces/:name/start", (c, p) -> setRunning(c, p, true));
    api.route(HttpMethod.POST, "/namespaces/:namespace/workspaces/:name/stop", (c, p) -> setRunning(c, p, false));
    api.route(HttpMethod.POST, "/namespaces/:namespace/workspaces/:name/restart", this::restart);
    api.route(HttpMethod.POST, "/namespaces/:namespace/workspaces/:name/update", this::update);
  }

  private void create(RoutingContext ctx, Principal principal) {
    String namespace = ctx.pathParam("namespace");
    JsonObject body = ApiResponses.body(ctx);
    String name = ApiResponses.string(body, "name", true);
    Requests.audit(ctx, "workspace.create", "Workspace", namespace, name);
    if (!NAME.matcher(name).matches()) {
      throw invalid("name", "\"" + name + "\" is not a valid workspace name: use at most 63 lowercase letters, "
          + "digits and '-', starting and ending with a letter or digit");
    }
    String templateName = ApiResponses.string(body, "template", true);
    String version = ApiResponses.string(body, "version", false);
    String owner = ApiResponses.string(body, "owner", false);
    if (owner == null) {
      owner = principal.name();
    } else if (!owner.equals(principal.name()) && !principal.admin()) {
      throw invalid("owner", "members create workspaces for themselves only; leave owner out");
    }
    Map<String, String> parameters = parameters(body);
    Template template = caches.template(namespace, templateName).orElseThrow(() -> invalid("template",
        "template " + namespace + "/" + templateName + " not found"));
    Workspace ws = new Workspace();
    ws.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name)
        .addToAnnotations(Labels.INITIATOR, principal.name()).build());
    ws.getSpec().setTemplate(new TemplateRef(template.getMetadata().getName(), blankToNull(version)));
    ws.getSpec().setOwner(owner);
    ws.getSpec().setParameters(parameters);
    Object running = body.getValue("running");
    if (running != null && !(running instanceof Boolean)) {
      throw ApiException.badRequest("running must be true or false", "running");
    }
    ws.getSpec().setRunning((Boolean) running);
    var resolution = caches.resolver().resolveForNewBuild(ws);
    TemplateSnapshot snapshot = resolution.snapshot().orElseThrow(() -> invalid(version == null ? "template"
        : "version", resolution.message()));
    ValidationResult result = ParameterValidator.validate(snapshot.parameters(), parameters, null);
    if (!result.isValid()) {
      Problem first = result.problems().get(0);
      throw new ApiException(422, "invalid", first.toString(), first.field(),
          result.problems().stream().map(Problem::toString).toList());
    }
    Workspace created = commands.create(ws);
    ApiResponses.json(ctx, 201, Views.workspace(created));
  }

  private void setRunning(RoutingContext ctx, Principal principal, boolean running) {
    Workspace ws = target(ctx, principal, running ? "workspace.start" : "workspace.stop");
    ApiResponses.json(ctx, 202, Views.workspace(commands.setRunning(ws, running, principal.name())));
  }

  /** A running workspace stops, then starts again; a stopped one just starts. */
  private void restart(RoutingContext ctx, Principal principal) {
    Workspace ws = target(ctx, principal, "workspace.restart");
    ApiResponses.json(ctx, 202, Views.workspace(restartOrStart(ws, principal)));
  }

  /**
   * Brings the workspace to the template's latest version and runs it: a pinned workspace is re-pinned (and
   * rebuilds); an unpinned running one restarts (a start resolves the latest version); a stopped one starts.
   */
  private void update(RoutingContext ctx, Principal principal) {
    Workspace ws = target(ctx, principal, "workspace.update");
    String namespace = ws.getMetadata().getNamespace();
    String templateName = ws.getSpec().getTemplate().getName();
    Template template = caches.template(namespace, templateName).orElseThrow(() -> ApiException.conflict(
        "template " + namespace + "/" + templateName + " no longer exists: there is nothing to update to"));
    String latest = template.getStatus() == null ? null : template.getStatus().getLatestVersion();
    if (latest == null) {
      throw ApiException.conflict("template " + templateName + " has no valid version; see its Valid condition");
    }
    Requests.auditDetail(ctx, "to version " + latest);
    String pinned = ws.getSpec().getTemplate().getVersion();
    Workspace changed;
    if (pinned != null && !pinned.isBlank()) {
      changed = commands.pinAndStart(ws, latest, principal.name());
    } else if (latest.equals(ws.getStatus() == null ? null : ws.getStatus().getTemplateVersion())
        && ws.getSpec().wantsRunning()) {
      Requests.auditDetail(ctx, "already on version " + latest);
      ApiResponses.json(ctx, 200, Views.workspace(ws));
      return;
    } else {
      changed = restartOrStart(ws, principal);
    }
    ApiResponses.json(ctx, 202, Views.workspace(changed));
  }

  private Workspace restartOrStart(Workspace ws, Principal principal) {
    var status = ws.getStatus();
    boolean stopped = !ws.getSpec().wantsRunning() || status == null || status.getCurrentBuild() == null
        || status.getPhase() == WorkspacePhase.Stopped
        || status.getCurrentBuild().getTransition() == BuildTransition.STOP;
    if (stopped) {
      return commands.setRunning(ws, true, principal.name());
    }
    return commands.restart(ws, principal.name(), status.getCurrentBuild().getNumber());
  }

  private void delete(RoutingContext ctx, Principal principal) {
    Workspace ws = target(ctx, principal, "workspace.delete");
    commands.delete(ws, principal.name());
    ApiResponses.json(ctx, 202, new JsonObject().put("namespace", ws.getMetadata().getNamespace())
        .put("name", ws.getMetadata().getName()).put("message", "deleting: the destroy build runs first"));
  }

  private Workspace target(RoutingContext ctx, Principal principal, String action) {
    String namespace = ctx.pathParam("namespace");
    String name = ctx.pathParam("name");
    Requests.audit(ctx, action, "Workspace", namespace, name);
    Workspace ws = access.workspace(ctx, principal, namespace, name);
    if (ws.getMetadata().getDeletionTimestamp() != null && !action.equals("workspace.delete")) {
      throw ApiException.conflict("workspace " + namespace + "/" + name + " is being deleted");
    }
    var unreadable = dev.kubicle.operator.kube.UnreadableResources.why(ws);
    if (unreadable.isPresent() && !action.equals("workspace.delete")) {
      throw ApiException.conflict("workspace " + namespace + "/" + name + " cannot be read ("
          + unreadable.get().message() + "): fix it with kubectl edit first");
    }
    return ws;
  }

  private static Map<String, String> parameters(JsonObject body) {
    Object value = body.getValue("parameters");
    Map<String, String> parameters = new LinkedHashMap<>();
    if (value == null) {
      return parameters;
    }
    if (!(value instanceof JsonObject object)) {
      throw ApiException.badRequest("parameters must be an object of name to value", "parameters");
    }
    for (String key : object.fieldNames()) {
      Object v = object.getValue(key);
      if (v instanceof String || v instanceof Number || v instanceof Boolean) {
        parameters.put(key, String.valueOf(v));
      } else if (v instanceof io.vertx.core.json.JsonArray list) {
        parameters.put(key, list.encode()); // list(string) values travel as JSON arrays
      } else {
        throw ApiException.badRequest("parameter " + key + " must be a string, number, bool or list",
            "parameters." + key);
      }
    }
    return parameters;
  }

  private static ApiException invalid(String field, String message) {
    return new ApiException(422, "invalid", message, field, null);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
