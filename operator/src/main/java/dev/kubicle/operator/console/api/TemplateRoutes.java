package dev.kubicle.operator.console.api;

import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateRef;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.console.ApiException;
import dev.kubicle.operator.console.auth.Principal;
import dev.kubicle.operator.template.TemplateSnapshot;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Templates, readable by every signed-in user: the list, one template with its versions and the parameter schema
 * of its latest version, and the parameter schema of any kept version.
 */
public final class TemplateRoutes implements ApiExtension {
  private ConsoleCaches caches;

  @Override
  public void register(ApiContext api) {
    this.caches = api.caches();
    api.route(HttpMethod.GET, "/templates", (ctx, p) -> list(ctx, p, null));
    api.route(HttpMethod.GET, "/namespaces/:namespace/templates", (ctx, p) -> list(ctx, p, ctx.pathParam("namespace")));
    api.route(HttpMethod.GET, "/namespaces/:namespace/templates/:name", this::get);
    api.route(HttpMethod.GET, "/namespaces/:namespace/templates/:name/versions/:version", this::version);
  }

  private void list(RoutingContext ctx, Principal principal, String namespace) {
    var page = Paging.page(caches.templates()
            .filter(t -> namespace == null || namespace.equals(t.getMetadata().getNamespace())),
        ctx.request().getParam("continue"),
        ApiResponses.intParam(ctx, "limit", Paging.DEFAULT_LIMIT, 1, Paging.MAX_LIMIT));
    JsonArray items = new JsonArray();
    page.items().forEach(t -> items.add(Views.template(t, false)));
    ApiResponses.items(ctx, items, page.next());
  }

  private void get(RoutingContext ctx, Principal principal) {
    Template template = find(ctx);
    JsonObject view = Views.template(template, false);
    String latest = template.getStatus() == null ? null : template.getStatus().getLatestVersion();
    // The schema a create form needs is the latest valid version's, not the live spec (which may be invalid).
    view.put("parameters", latest == null ? Views.parameters(template.getSpec().getParameters())
        : snapshot(template, latest).map(s -> Views.parameters(s.parameters()))
            .orElse(Views.parameters(template.getSpec().getParameters())));
    ApiResponses.json(ctx, 200, view);
  }

  private void version(RoutingContext ctx, Principal principal) {
    Template template = find(ctx);
    String version = ctx.pathParam("version");
    TemplateSnapshot snapshot = snapshot(template, version).orElseThrow(() -> ApiException.notFound(
        "template " + template.getMetadata().getName() + " has no version " + version));
    ApiResponses.json(ctx, 200, new JsonObject().put("template", template.getMetadata().getName())
        .put("version", version).put("provisioner", Views.template(template, false).getValue("provisioner"))
        .put("parameters", Views.parameters(snapshot.parameters()))
        .put("files", new JsonArray(snapshot.files().keySet().stream().sorted().toList())));
  }

  private Template find(RoutingContext ctx) {
    String namespace = ctx.pathParam("namespace");
    String name = ctx.pathParam("name");
    return caches.template(namespace, name).orElseThrow(() -> ApiException.notFound(
        "template " + namespace + "/" + name + " not found"));
  }

  private java.util.Optional<TemplateSnapshot> snapshot(Template template, String version) {
    boolean listed = template.getStatus() != null && template.getStatus().getVersions().stream()
        .anyMatch(v -> version.equals(v.getVersion()));
    if (!listed) {
      return java.util.Optional.empty();
    }
    Workspace probe = new Workspace();
    probe.setMetadata(new ObjectMetaBuilder().withNamespace(template.getMetadata().getNamespace()).build());
    probe.getSpec().setTemplate(new TemplateRef(template.getMetadata().getName(), version));
    return caches.resolver().resolveVersion(probe, version).snapshot();
  }
}
