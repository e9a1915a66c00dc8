package dev.kubicle.operator.controller;

import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.kube.Labels;
import dev.kubicle.operator.kube.Names;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps the log tails of a workspace's recent builds in one ConfigMap (key build-N.log), reachable from each
 * build record. Full logs belong in the store, not etcd; this is the bounded tail a user needs to see why.
 */
public class BuildLogStore {
  private final KubernetesClient client;

  public BuildLogStore(KubernetesClient client) {
    this.client = client;
  }

  /** Saves a build's log tail and returns the reference to put in its build record ("configmap/name#key"). */
  public String save(Workspace ws, long buildNumber, String logTail) {
    String name = Names.buildLogs(ws.getMetadata().getName(), ws.getMetadata().getUid());
    String key = "build-" + buildNumber + ".log";
    var resource = client.configMaps().inNamespace(ws.getMetadata().getNamespace()).withName(name);
    ConfigMap existing = resource.get();
    Map<String, String> data = new LinkedHashMap<>(existing == null || existing.getData() == null
        ? Map.of() : existing.getData());
    data.put(key, logTail);
    while (data.size() > WorkspaceReconciler.BUILD_HISTORY + 1) {
      data.keySet().stream().min(Comparator.comparingLong(BuildLogStore::number)).ifPresent(data::remove);
    }
    ConfigMap desired = new ConfigMapBuilder()
        .withNewMetadata()
          .withName(name).withNamespace(ws.getMetadata().getNamespace())
          .withLabels(Labels.forWorkspace(ws.getMetadata().getName(), ws.getMetadata().getUid()))
          .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(ws.getApiVersion()).withKind(ws.getKind())
              .withName(ws.getMetadata().getName()).withUid(ws.getMetadata().getUid()).build())
        .endMetadata()
        .withData(data)
        .build();
    if (existing == null) {
      client.configMaps().inNamespace(ws.getMetadata().getNamespace()).resource(desired).create();
    } else {
      desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
      client.configMaps().inNamespace(ws.getMetadata().getNamespace()).resource(desired).update();
    }
    return "configmap/" + name + "#" + key;
  }

  private static long number(String key) {
    try {
      return Long.parseLong(key.replace("build-", "").replace(".log", ""));
    } catch (NumberFormatException e) {
      return Long.MIN_VALUE;
    }
  }
}
