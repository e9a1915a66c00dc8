package dev.kubicle.operator.console.api;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** OpenAPI path items that extensions keep in their own resource files beside openapi.json. */
final class OpenApiFragments {
  private OpenApiFragments() {}

  /** The path items named {@code paths} from {@code resource} (under dev/kubicle/operator/console/). */
  static JsonObject paths(String resource, String... paths) {
    String location = "/dev/kubicle/operator/console/" + resource;
    try (InputStream in = OpenApiFragments.class.getResourceAsStream(location)) {
      if (in == null) {
        throw new IllegalStateException("the OpenAPI fragment " + location + " is missing from the operator jar");
      }
      JsonObject all = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      JsonObject picked = new JsonObject();
      for (String path : paths) {
        JsonObject item = all.getJsonObject(path);
        if (item == null) {
          throw new IllegalStateException(location + " does not describe " + path);
        }
        picked.put(path, item);
      }
      return picked;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + location, e);
    }
  }
}
