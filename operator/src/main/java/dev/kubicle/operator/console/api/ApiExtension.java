package dev.kubicle.operator.console.api;

import io.vertx.core.json.JsonObject;

/**
 * The seam for routes that live in other packages (devices, tasks' actions, …) but belong under /api/v1 with the
 * same sign-in, rate limit, CSRF check, audit record and JSON errors as the built-in ones. An extension registers
 * its handlers through {@link ApiContext} (they run off the event loop, so they may block on the store or the
 * Kubernetes client) and names its paths in {@link #openApiPaths()} so the served OpenAPI document stays complete.
 * See docs/console.md, "Adding routes".
 */
public interface ApiExtension {

  void register(ApiContext api);

  /** OpenAPI 3 path items for this extension's routes, keyed like {@code "/devices/{id}"} (merged into the document). */
  default JsonObject openApiPaths() {
    return new JsonObject();
  }
}
