package dev.kubicle.operator.console.api;

import dev.kubicle.operator.agentapi.UserKeys;
import dev.kubicle.operator.console.ApiException;
import dev.kubicle.operator.console.Requests;
import dev.kubicle.operator.console.auth.Principal;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The current user's SSH public keys in a namespace: the UserKeys ConfigMap their workspaces' agents read
 * (see agentapi.UserKeys). Read from the cache (the collision-proof name, else the user's own legacy-named
 * ConfigMap); written under the collision-proof name with the user as the only possible owner.
 */
public final class SshKeyRoutes implements ApiExtension {
  private ApiContext api;

  @Override
  public void register(ApiContext api) {
    this.api = api;
    api.route(HttpMethod.GET, "/namespaces/:namespace/sshkeys", this::list);
    api.route(HttpMethod.POST, "/namespaces/:namespace/sshkeys", this::add);
    api.route(HttpMethod.DELETE, "/namespaces/:namespace/sshkeys/:id", this::remove);
  }

  private void list(RoutingContext ctx, Principal principal) {
    JsonArray items = new JsonArray();
    keys(ctx.pathParam("namespace"), principal.name()).forEach(k -> items.add(view(k)));
    ApiResponses.items(ctx, items, null);
  }

  private void add(RoutingContext ctx, Principal principal) {
    String namespace = ctx.pathParam("namespace");
    Requests.audit(ctx, "sshkey.add", "ConfigMap", namespace, UserKeys.configMapName(principal.name()));
    String text = ApiResponses.string(ApiResponses.body(ctx), "key", true);
    SshKeys.Key key;
    try {
      key = SshKeys.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ApiException(422, "invalid", "the key " + e.getMessage(), "key", null);
    }
    Requests.auditDetail(ctx, key.fingerprint());
    List<SshKeys.Key> keys = new ArrayList<>(keys(namespace, principal.name()));
    if (keys.stream().anyMatch(k -> k.fingerprint().equals(key.fingerprint()))) {
      throw ApiException.conflict("this key (" + key.fingerprint() + ") is already stored");
    }
    keys.add(key);
    write(namespace, principal.name(), keys);
    ApiResponses.json(ctx, 201, view(key));
  }

  private void remove(RoutingContext ctx, Principal principal) {
    String namespace = ctx.pathParam("namespace");
    String id = ctx.pathParam("id");
    Requests.audit(ctx, "sshkey.delete", "ConfigMap", namespace, UserKeys.configMapName(principal.name()));
    Requests.auditDetail(ctx, id);
    List<SshKeys.Key> keys = new ArrayList<>(keys(namespace, principal.name()));
    if (!keys.removeIf(k -> k.id().equals(id))) {
      throw ApiException.notFound("no stored key has the id " + id + " (see GET …/sshkeys)");
    }
    write(namespace, principal.name(), keys);
    ctx.response().setStatusCode(204).end();
  }

  private List<SshKeys.Key> keys(String namespace, String user) {
    return UserKeys.current(name -> api.caches().userKeys(namespace, name), user)
        .map(cm -> cm.getData() == null ? "" : cm.getData().getOrDefault(UserKeys.KEY, ""))
        .map(text -> Arrays.stream(text.split("\n")).map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#")).map(SshKeysOrSkip::parse)
            .filter(k -> k != null).toList())
        .orElse(List.of());
  }

  /**
   * Writes the keys under the user's collision-proof name, then deletes the user's legacy-named ConfigMap (its keys
   * were read into {@code keys}, so nothing is lost). A legacy name another user holds is left alone.
   */
  private void write(String namespace, String user, List<SshKeys.Key> keys) {
    String data = String.join("\n", keys.stream().map(SshKeys.Key::line).toList()) + (keys.isEmpty() ? "" : "\n");
    String name = UserKeys.configMapName(user);
    var configMaps = api.client().configMaps().inNamespace(namespace);
    ConfigMap atName = configMaps.withName(name).get();
    if (atName != null && !UserKeys.ownedBy(atName, user)) {
      // Unreachable by hash collision (2^64 work); only a hand-written object gets here. Refuse rather than take it.
      throw ApiException.conflict("the ConfigMap " + namespace + "/" + name + " belongs to another user; an "
          + "administrator must delete or fix it");
    }
    ConfigMap desired = new ConfigMapBuilder().withNewMetadata().withNamespace(namespace)
        .withName(name).addToAnnotations(UserKeys.USER_ANNOTATION, user)
        .addToLabels(UserKeys.LABEL, "true").endMetadata().addToData(UserKeys.KEY, data).build();
    try {
      if (atName == null) {
        configMaps.resource(desired).create();
      } else {
        desired.getMetadata().setResourceVersion(atName.getMetadata().getResourceVersion());
        configMaps.resource(desired).update();
      }
      ConfigMap legacy = configMaps.withName(UserKeys.legacyConfigMapName(user)).get();
      if (legacy != null && UserKeys.ownedBy(legacy, user)) {
        configMaps.withName(UserKeys.legacyConfigMapName(user)).delete();
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw ApiException.conflict("your keys changed at the same time; try again");
      }
      throw e;
    }
  }

  private static JsonObject view(SshKeys.Key key) {
    return new JsonObject().put("id", key.id()).put("type", key.type()).put("fingerprint", key.fingerprint())
        .put("comment", key.comment()).put("key", key.line());
  }

  /** Lines a person wrote by hand may not parse; they stay in the ConfigMap but are not listed. */
  private static final class SshKeysOrSkip {
    static SshKeys.Key parse(String line) {
      try {
        return SshKeys.parse(line);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
  }
}
