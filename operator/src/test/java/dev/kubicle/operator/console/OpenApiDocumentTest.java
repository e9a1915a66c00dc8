package dev.kubicle.operator.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubicle.operator.console.api.ApiContext;
import dev.kubicle.operator.console.api.ApiExtension;
import dev.kubicle.operator.console.api.ApiRouter;
import dev.kubicle.operator.console.api.WorkspaceFeed;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hand-written OpenAPI document names every route the API serves, with the method it answers. */
class OpenApiDocumentTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close();
  }

  @Test
  void everyRouteIsInTheOpenApiDocumentAndEveryDocumentedPathIsARoute() {
    ApiRouter api = new ApiRouter(vertx, null, null, null, Clock.systemUTC(), null,
        ApiRouter.builtIn(vertx, new WorkspaceFeed(), null, null));
    JsonObject paths = api.openApi().getJsonObject("paths");
    List<String> served = new ArrayList<>();
    for (Route route : api.router().getRoutes()) {
      String path = route.getPath().replaceAll(":([A-Za-z]+)", "{$1}");
      for (HttpMethod method : route.methods()) {
        served.add(method.name().toLowerCase(Locale.ROOT) + " " + path);
      }
    }
    List<String> documented = new ArrayList<>();
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        documented.add(method + " " + path);
      }
    }
    assertThat(served).hasSizeGreaterThan(20);
    assertThat(documented).containsExactlyInAnyOrderElementsOf(served);
    assertThat(api.openApi().getString("openapi")).startsWith("3.");
  }

  @Test
  void anExtensionsPathsAreMergedIntoTheDocument() {
    ApiExtension devices = new ApiExtension() {
      @Override
      public void register(ApiContext context) {
        context.route(HttpMethod.GET, "/devices", (ctx, p) -> ctx.response().end("[]"));
      }

      @Override
      public JsonObject openApiPaths() {
        return new JsonObject().put("/devices", new JsonObject().put("get", new JsonObject()
            .put("summary", "devices")));
      }
    };
    ApiRouter api = new ApiRouter(vertx, null, null, null, Clock.systemUTC(), null, List.of(devices));
    assertThat(api.openApi().getJsonObject("paths").getJsonObject("/devices")).isNotNull();
    assertThat(api.openApi().getJsonObject("paths").getJsonObject("/namespaces/{namespace}/workspaces")).isNotNull();
  }
}
