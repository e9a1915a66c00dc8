package dev.kubicle.operator.console.api;

import dev.kubicle.api.v1alpha1.AgentTask;
import dev.kubicle.api.v1alpha1.AgentTaskSpec;
import dev.kubicle.api.v1alpha1.TaskPhase;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.validation.AgentTaskValidator;
import dev.kubicle.api.validation.Problem;
import dev.kubicle.api.validation.ValidationResult;
import dev.kubicle.operator.console.ApiException;
import dev.kubicle.operator.console.Requests;
import dev.kubicle.operator.console.auth.Principal;
import dev.kubicle.operator.console.auth.Secrets;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

/**
 * Creating a task on one of my workspaces (validated like the webhook does; the owner is always the caller, since the
 * operator refuses a workspace of another owner) and cancelling one. Both are audited.
 */
public final class TaskWriteRoutes implements ApiExtension {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private ConsoleCaches caches;
  private Access access;
  private TaskCommands commands;

  @Override
  public void register(ApiContext api) {
    this.caches = api.caches();
    this.access = new Access(caches);
    this.commands = new TaskCommands(api.client());
    api.route(HttpMethod.POST, "/namespaces/:namespace/tasks", this::create);
    api.route(HttpMethod.POST, "/namespaces/:namespace/tasks/:name/cancel", this::cancel);
  }

  private void create(RoutingContext ctx, Principal principal) {
    String namespace = ctx.pathParam("namespace");
    JsonObject body = ApiResponses.body(ctx);
    String given = ApiResponses.string(body, "name", false);
    String name = given == null || given.isBlank() ? "task-" + Secrets.randomHex(4) : given;
    Requests.audit(ctx, "task.create", "AgentTask", namespace, name);
    if (!NAME.matcher(name).matches()) {
      throw invalid("name", "\"" + name + "\" is not a valid task name: use at most 63 lowercase letters, digits "
          + "and '-', starting and ending with a letter or digit");
    }
    AgentTaskSpec spec = TaskRequests.spec(body);
    spec.setOwner(principal.name());
    ValidationResult result = AgentTaskValidator.validate(spec);
    if (!result.isValid()) {
      Problem first = result.problems().get(0);
      throw new ApiException(422, "invalid", first.toString(), first.field(),
          result.problems().stream().map(Problem::toString).toList());
    }
    Workspace ws = caches.workspace(namespace, spec.getWorkspace()).orElse(null);
    if (ws == null || !principal.name().equals(Views.owner(ws))) {
      if (ws != null) {
        Requests.auditResult(ctx, "denied", "workspace owned by another user");
      }
      // The same answer for another's workspace as for a missing one: names cannot be probed.
      throw invalid("spec.workspace", "workspace " + namespace + "/" + spec.getWorkspace() + " not found among "
          + "your workspaces: a task works on a workspace of its owner");
    }
    if (ws.getMetadata().getDeletionTimestamp() != null) {
      throw ApiException.conflict("workspace " + namespace + "/" + spec.getWorkspace() + " is being deleted");
    }
    AgentTask task = new AgentTask();
    task.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    task.setSpec(spec);
    ApiResponses.json(ctx, 201, Views.task(commands.create(task)));
  }

  /** Sets spec.cancel; the loop stops within a reconcile. A task that has ended cannot be cancelled (409). */
  private void cancel(RoutingContext ctx, Principal principal) {
    String namespace = ctx.pathParam("namespace");
    String name = ctx.pathParam("name");
    Requests.audit(ctx, "task.cancel", "AgentTask", namespace, name);
    AgentTask task = access.task(ctx, principal, namespace, name);
    TaskPhase phase = task.getStatus() == null ? null : task.getStatus().getPhase();
    if (TaskViews.ended(task)) {
      throw ApiException.conflict("task " + namespace + "/" + name + " has already ended (" + phase + ")");
    }
    if (Boolean.TRUE.equals(task.getSpec().getCancel())) {
      Requests.auditDetail(ctx, "already cancelling");
      ApiResponses.json(ctx, 202, Views.task(task));
      return;
    }
    ApiResponses.json(ctx, 202, Views.task(commands.cancel(task)));
  }

  private static ApiException invalid(String field, String message) {
    return new ApiException(422, "invalid", message, field, null);
  }

  @Override
  public JsonObject openApiPaths() {
    return OpenApiFragments.paths("openapi-tasks.json",
        "/namespaces/{namespace}/tasks",
        "/namespaces/{namespace}/tasks/{name}/cancel");
  }
}
