package dev.kubicle.operator.console.api;

import dev.kubicle.operator.store.Store;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The /api/v1 router: the built-in routes plus every {@link ApiExtension}, and the OpenAPI document (the hand-written
 * resource merged with the extensions' paths). Mounted behind the console's sign-in, CSRF, audit and error handlers.
 */
public final class ApiRouter {
  public static final String BASE = "/api/v1";
  static final String OPENAPI_RESOURCE = "/dev/kubicle/operator/console/openapi.json";

  private final Router router;
  private final JsonObject openApi;

  public ApiRouter(Vertx vertx, ConsoleCaches caches, Store store, KubernetesClient client, Clock clock,
      dev.kubicle.operator.console.auth.OpenStreams streams, List<ApiExtension> extensions) {
    router = Router.router(vertx);
    ApiContext context = new ApiContext(router, caches, store, client, clock, streams);
    openApi = readOpenApi();
    for (ApiExtension extension : extensions) {
      extension.register(context);
      JsonObject paths = extension.openApiPaths();
      JsonObject all = openApi.getJsonObject("paths");
      // Methods merge into a path the document already has (POST /namespaces/{ns}/tasks beside its GET).
      paths.fieldNames().forEach(p -> all.put(p, all.getJsonObject(p, new JsonObject())
          .mergeIn(paths.getJsonObject(p))));
    }
    String document = openApi.encodePrettily();
    context.publicRoute(HttpMethod.GET, "/openapi.json", ctx -> ctx.response()
        .putHeader("Content-Type", "application/json").end(document));
  }

  /** The built-in routes, in the order they are matched. */
  public static List<ApiExtension> builtIn(Vertx vertx, WorkspaceFeed feed,
      dev.kubicle.operator.console.auth.ApiTokenService tokens, dev.kubicle.operator.console.auth.OpenStreams streams) {
    List<ApiExtension> routes = new ArrayList<>();
    routes.add(new AccountRoutes());
    routes.add(new WorkspaceReadRoutes());
    routes.add(new WorkspaceWriteRoutes());
    routes.add(new EventRoutes(vertx, feed));
    routes.add(new TemplateRoutes());
    routes.add(new TaskRoutes());
    routes.add(new TaskWriteRoutes());
    routes.add(new TaskRecordRoutes(vertx));
    routes.add(new UsageRoutes());
    routes.add(new SshKeyRoutes());
    routes.add(new TokenRoutes(tokens, streams));
    return routes;
  }

  public Router router() {
    return router;
  }

  public JsonObject openApi() {
    return openApi.copy();
  }

  private static JsonObject readOpenApi() {
    try (InputStream in = ApiRouter.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the OpenAPI document " + OPENAPI_RESOURCE + " is missing from the jar");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
