package dev.kubicle.operator.console.api;

import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.console.ApiException;
import dev.kubicle.operator.console.Requests;
import dev.kubicle.operator.console.auth.Principal;
import dev.kubicle.operator.network.Device;
import dev.kubicle.operator.network.DeviceException;
import dev.kubicle.operator.network.DeviceRegistry;
import dev.kubicle.operator.network.SshConfigSnippet;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

/**
 * The current user's WireGuard devices (register, list, download the config, revoke), the SSH config for their
 * workspaces, and an admin's revocation of anyone's device (offboarding). Devices are always the caller's own:
 * the user comes from the sign-in, never from the request.
 */
public final class DeviceRoutes implements ApiExtension {
  private final DeviceRegistry devices;
  private ApiContext api;

  public DeviceRoutes(DeviceRegistry devices) {
    this.devices = devices;
  }

  @Override
  public void register(ApiContext api) {
    this.api = api;
    api.route(HttpMethod.GET, "/devices", this::list);
    api.route(HttpMethod.POST, "/devices", this::create);
    api.route(HttpMethod.GET, "/devices/:name/config", this::config);
    api.route(HttpMethod.DELETE, "/devices/:name", this::revoke);
    api.route(HttpMethod.DELETE, "/users/:user/devices/:name", this::revokeAsAdmin);
    api.route(HttpMethod.GET, "/ssh-config", this::sshConfig);
  }

  private void list(RoutingContext ctx, Principal principal) {
    JsonArray items = new JsonArray();
    mapped(() -> devices.list(principal.name())).forEach(d -> items.add(view(d)));
    ApiResponses.items(ctx, items, null);
  }

  private void create(RoutingContext ctx, Principal principal) {
    JsonObject body = ApiResponses.body(ctx);
    String name = ApiResponses.string(body, "name", true);
    Requests.audit(ctx, "device.create", "Device", null, principal.name() + "/" + name);
    String publicKey = ApiResponses.string(body, "publicKey", false);
    DeviceRegistry.Registration reg = mapped(() -> devices.register(principal.name(), name,
        publicKey == null || publicKey.isBlank() ? null : publicKey));
    Requests.auditDetail(ctx, reg.device().address() + (reg.keyGenerated() ? " generated key" : " own key"));
    noStore(ctx);
    ApiResponses.json(ctx, 201, new JsonObject().put("device", view(reg.device()))
        .put("keyGenerated", reg.keyGenerated()).put("config", reg.wgQuickConfig()));
  }

  private void config(RoutingContext ctx, Principal principal) {
    String name = ctx.pathParam("name");
    String config = mapped(() -> devices.wgQuickConfig(principal.name(), name));
    noStore(ctx);
    ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8")
        .putHeader("Content-Disposition", "attachment; filename=\"kubicle-" + name + ".conf\"").end(config);
  }

  private void revoke(RoutingContext ctx, Principal principal) {
    String name = ctx.pathParam("name");
    Requests.audit(ctx, "device.revoke", "Device", null, principal.name() + "/" + name);
    mapped(() -> {
      devices.revoke(principal.name(), name);
      return null;
    });
    ctx.response().setStatusCode(204).end();
  }

  private void revokeAsAdmin(RoutingContext ctx, Principal principal) {
    String user = ctx.pathParam("user");
    String name = ctx.pathParam("name");
    Requests.audit(ctx, "device.revoke", "Device", null, user + "/" + name);
    ApiContext.requireAdmin(principal);
    mapped(() -> {
      devices.revoke(user, name);
      return null;
    });
    ctx.response().setStatusCode(204).end();
  }

  private void sshConfig(RoutingContext ctx, Principal principal) {
    List<SshConfigSnippet.WorkspaceAddress> mine = api.caches().workspaces()
        .filter(ws -> principal.name().equals(Views.owner(ws)))
        .filter(ws -> ws.getStatus() != null && ws.getStatus().getNetwork() != null
            && ws.getStatus().getNetwork().getAddress() != null)
        .sorted(Comparator.comparing((Workspace ws) -> ws.getMetadata().getNamespace())
            .thenComparing(ws -> ws.getMetadata().getName()))
        .map(ws -> new SshConfigSnippet.WorkspaceAddress(ws.getMetadata().getNamespace(), ws.getMetadata().getName(),
            ws.getStatus().getNetwork().getAddress()))
        .toList();
    ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8")
        .end(DeviceRegistry.sshConfig(principal.name(), mine));
  }

  private static JsonObject view(Device device) {
    return new JsonObject().put("name", device.name()).put("publicKey", device.publicKey())
        .put("address", device.address()).put("createdAt", String.valueOf(device.createdAt()));
  }

  private static void noStore(RoutingContext ctx) {
    ctx.response().putHeader("Cache-Control", "no-store"); // the config may hold the device's private key
  }

  /** Runs a registry call, turning its refusals into the API's JSON errors. */
  private static <T> T mapped(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (DeviceException e) {
      throw switch (e.kind()) {
        case INVALID -> new ApiException(422, "invalid", e.getMessage(), e.field(), null);
        case NOT_FOUND -> ApiException.notFound(e.getMessage());
        case CONFLICT -> new ApiException(409, "conflict", e.getMessage(), e.field(), null);
        case UNAVAILABLE -> new ApiException(503, "unavailable", e.getMessage());
      };
    }
  }

  @Override
  public JsonObject openApiPaths() {
    try (InputStream in = DeviceRoutes.class.getResourceAsStream("/dev/kubicle/operator/console/openapi-devices.json")) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("console/openapi-devices.json is missing from the operator jar", e);
    }
  }
}
