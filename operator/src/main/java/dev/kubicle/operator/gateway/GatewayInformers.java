package dev.kubicle.operator.gateway;

import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.kube.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Watches what the gateway serves (Workspaces, their pods, the device ConfigMaps) and reads its lists from the informer
 * caches. Every change only asks for a sync; the sync reads the caches, so no event is ever applied out of order.
 */
public final class GatewayInformers implements AutoCloseable {
  private final List<SharedIndexInformer<Workspace>> workspaces = new ArrayList<>();
  private final List<SharedIndexInformer<Pod>> pods = new ArrayList<>();
  private SharedIndexInformer<ConfigMap> devices;

  /** Starts the informers; returns once each has its first list (so a first sync never sees an empty cluster). */
  public static GatewayInformers start(KubernetesClient client, GatewayConfig config, Runnable onChange) {
    GatewayInformers informers = new GatewayInformers();
    try {
      ResourceEventHandler<HasMetadata> handler = new ResourceEventHandler<>() {
        @Override
        public void onAdd(HasMetadata obj) {
          onChange.run();
        }

        @Override
        public void onUpdate(HasMetadata oldObj, HasMetadata newObj) {
          onChange.run();
        }

        @Override
        public void onDelete(HasMetadata obj, boolean deletedFinalStateUnknown) {
          onChange.run();
        }
      };
      if (config.watchNamespaces().isEmpty()) {
        informers.workspaces.add(client.resources(Workspace.class).inAnyNamespace().inform(cast(handler)));
        informers.pods.add(client.pods().inAnyNamespace().withLabel(Labels.WORKSPACE).inform(cast(handler)));
      } else {
        for (String ns : config.watchNamespaces()) {
          informers.workspaces.add(client.resources(Workspace.class).inNamespace(ns).inform(cast(handler)));
          informers.pods.add(client.pods().inNamespace(ns).withLabel(Labels.WORKSPACE).inform(cast(handler)));
        }
      }
      informers.devices = client.configMaps().inNamespace(config.namespace())
          .withLabel(DesiredStateBuilder.DEVICES_LABEL, "true").inform(cast(handler));
      return informers;
    } catch (RuntimeException e) {
      informers.close();
      throw e;
    }
  }

  public Collection<Workspace> workspaces() {
    return informers(workspaces);
  }

  public Collection<Pod> pods() {
    return informers(pods);
  }

  public Collection<ConfigMap> devices() {
    return devices.getStore().list();
  }

  private static <T> Collection<T> informers(List<SharedIndexInformer<T>> list) {
    List<T> all = new ArrayList<>();
    list.forEach(i -> all.addAll(i.getStore().list()));
    return all;
  }

  @SuppressWarnings("unchecked")
  private static <T extends HasMetadata> ResourceEventHandler<T> cast(ResourceEventHandler<HasMetadata> handler) {
    return (ResourceEventHandler<T>) (ResourceEventHandler<?>) handler;
  }

  @Override
  public void close() {
    workspaces.forEach(SharedIndexInformer::close);
    pods.forEach(SharedIndexInformer::close);
    if (devices != null) {
      devices.close();
    }
  }
}
