package dev.kubicle.operator.console.api;

import dev.kubicle.api.v1alpha1.AgentTask;
import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateParameter;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.kube.Json;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * The API's JSON for cluster objects: the fields people need, flat, and nothing secret (the agent token's hash and
 * managed fields stay out).
 */
public final class Views {
  private Views() {}

  /** The workspace's owner, or null when its spec could not be read (then only admins see it). */
  public static String owner(Workspace ws) {
    return ws.getSpec() == null ? null : ws.getSpec().getOwner();
  }

  public static JsonObject workspace(Workspace ws) {
    var spec = ws.getSpec() != null ? ws.getSpec() : new dev.kubicle.api.v1alpha1.WorkspaceSpec();
    JsonObject view = meta(ws)
        .put("owner", spec.getOwner())
        .put("template", new JsonObject().put("name", spec.getTemplate() == null ? null : spec.getTemplate().getName())
            .put("version", spec.getTemplate() == null ? null : spec.getTemplate().getVersion()))
        .put("parameters", new JsonObject(new java.util.LinkedHashMap<>(spec.getParameters() == null ? Map.of()
            : spec.getParameters())))
        .put("running", spec.wantsRunning());
    if (spec.getAutostop() != null) {
      view.put("autostop", tree(spec.getAutostop()));
    }
    if (spec.getAutostart() != null) {
      view.put("autostart", tree(spec.getAutostart()));
    }
    JsonObject status = ws.getStatus() == null ? new JsonObject() : tree(ws.getStatus());
    JsonObject agent = status.getJsonObject("agent");
    if (agent != null) {
      agent.remove("tokenHash");
    }
    view.put("status", status);
    return view;
  }

  public static JsonObject template(Template t, boolean withParameters) {
    var spec = t.getSpec() != null ? t.getSpec() : new dev.kubicle.api.v1alpha1.TemplateSpec();
    JsonObject view = meta(t)
        .put("displayName", spec.getDisplayName())
        .put("description", spec.getDescription())
        .put("provisioner", spec.getProvisioner() == null ? null : tree(Map.of("p", spec.getProvisioner()))
            .getValue("p"));
    var status = t.getStatus();
    view.put("latestVersion", status == null ? null : status.getLatestVersion());
    view.put("versions", status == null ? new JsonArray() : new JsonArray(Json.mapper().convertValue(
        status.getVersions(), List.class)));
    view.put("conditions", status == null ? new JsonArray() : new JsonArray(Json.mapper().convertValue(
        status.getConditions(), List.class)));
    if (spec.getLifecycle() != null) {
      view.put("lifecycle", tree(spec.getLifecycle()));
    }
    if (withParameters) {
      view.put("parameters", parameters(spec.getParameters()));
    }
    return view;
  }

  /** The parameter schema a create form is generated from: type, default, options, validation, mutability. */
  public static JsonArray parameters(List<TemplateParameter> parameters) {
    JsonArray list = new JsonArray();
    for (TemplateParameter p : parameters == null ? List.<TemplateParameter>of() : parameters) {
      JsonObject item = tree(p);
      item.put("type", tree(Map.of("t", p.effectiveType())).getValue("t"));
      item.put("required", p.isRequired());
      item.put("mutable", p.isMutable());
      item.put("ephemeral", p.isEphemeral());
      list.add(item);
    }
    return list;
  }

  public static JsonObject task(AgentTask task) {
    JsonObject view = meta(task).put("spec", task.getSpec() == null ? new JsonObject() : tree(task.getSpec()));
    view.put("status", task.getStatus() == null ? new JsonObject() : tree(task.getStatus()));
    return view;
  }

  private static JsonObject meta(HasMetadata object) {
    var m = object.getMetadata();
    JsonObject view = new JsonObject()
        .put("namespace", m.getNamespace())
        .put("name", m.getName())
        .put("uid", m.getUid())
        .put("createdAt", m.getCreationTimestamp())
        .put("resourceVersion", m.getResourceVersion())
        .put("deleting", m.getDeletionTimestamp() != null);
    // Only for an object the operator cannot read: where, and what was expected there.
    dev.kubicle.operator.kube.UnreadableResources.why(object).ifPresent(u -> view.put("unreadable", u.message()));
    return view;
  }

  @SuppressWarnings("unchecked")
  private static JsonObject tree(Object value) {
    return new JsonObject((Map<String, Object>) Json.mapper().convertValue(value, Map.class));
  }
}
