package dev.kubicle.operator.network;

import dev.kubicle.api.v1alpha1.Workspace;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads every overlay address recorded on its owner (Workspace status, device entries) straight from the API
 * server: what a freshly started operator must know before it hands out a single address.
 */
public final class RecordedAddresses implements Supplier<List<OverlayAddresses.Claim>> {
  private final KubernetesClient client;
  private final Set<String> workspaceNamespaces;
  private final String operatorNamespace;

  /** @param workspaceNamespaces the namespaces the operator watches; empty means all */
  public RecordedAddresses(KubernetesClient client, Set<String> workspaceNamespaces, String operatorNamespace) {
    this.client = client;
    this.workspaceNamespaces = workspaceNamespaces;
    this.operatorNamespace = operatorNamespace;
  }

  @Override
  public List<OverlayAddresses.Claim> get() {
    List<OverlayAddresses.Claim> claims = new ArrayList<>();
    List<Workspace> workspaces = new ArrayList<>();
    if (workspaceNamespaces.isEmpty()) {
      workspaces.addAll(client.resources(Workspace.class).inAnyNamespace().list().getItems());
    } else {
      workspaceNamespaces.forEach(ns -> workspaces.addAll(client.resources(Workspace.class).inNamespace(ns).list()
          .getItems()));
    }
    for (Workspace ws : workspaces) {
      if (ws.getStatus() != null && ws.getStatus().getNetwork() != null) {
        claims.add(new OverlayAddresses.Claim(ownerKey(ws), ws.getStatus().getNetwork().getAddress(),
            created(ws.getMetadata().getCreationTimestamp())));
      } else {
        // A workspace whose status cannot be read still holds its address: never hand it to another.
        ws.unreadable().map(u -> u.raw().at("/status/network/address")).filter(a -> a.isTextual())
            .ifPresent(a -> claims.add(new OverlayAddresses.Claim(ownerKey(ws), a.asText(),
                created(ws.getMetadata().getCreationTimestamp()))));
      }
    }
    for (ConfigMap devices : DeviceStore.list(client, operatorNamespace)) {
      DeviceStore.devicesIn(devices).forEach(d -> claims.add(new OverlayAddresses.Claim(
          DeviceStore.ownerKey(d.user(), d.name()), d.address(), d.createdAt())));
    }
    return claims;
  }

  /** Same key as the workspace controller uses (kept here so the network package does not depend on it). */
  public static String ownerKey(Workspace ws) {
    return "workspace:" + ws.getMetadata().getNamespace() + "/" + ws.getMetadata().getName() + "/"
        + ws.getMetadata().getUid();
  }

  private static Instant created(String timestamp) {
    try {
      return timestamp == null ? null : Instant.parse(timestamp);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
