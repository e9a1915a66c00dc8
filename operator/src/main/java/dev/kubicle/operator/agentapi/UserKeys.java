package dev.kubicle.operator.agentapi;

import dev.kubicle.operator.kube.Names;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Arrays;
import java.util.List;

/**
 * A user's SSH public keys: the ConfigMap {@code kubicle-user-<user>} in the workspace's namespace, key
 * {@code authorized_keys}. Only the workspace's owner's keys are ever handed to its agent.
 */
public class UserKeys {
  public static final String KEY = "authorized_keys";
  /** Annotation holding the exact user name, since ConfigMap names cannot hold every character of one. */
  public static final String USER_ANNOTATION = "kubicle.dev/user";
  /** Label on every keys ConfigMap, so the console can watch just these. */
  public static final String LABEL = "kubicle.dev/user-keys";

  private final KubernetesClient client;

  public UserKeys(KubernetesClient client) {
    this.client = client;
  }

  public List<String> authorizedKeys(String namespace, String user) {
    if (user == null || user.isBlank()) {
      return List.of();
    }
    ConfigMap keys = client.configMaps().inNamespace(namespace).withName(configMapName(user)).get();
    if (keys == null || keys.getData() == null || !user.equals(annotation(keys))) {
      return List.of();
    }
    return Arrays.stream(keys.getData().getOrDefault(KEY, "").split("\n"))
        .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  /** DNS-safe and unique: the readable part of the name plus a hash of the exact user name. */
  public static String configMapName(String user) {
    return "kubicle-user-" + Names.userSuffix(user);
  }

  private static String annotation(ConfigMap keys) {
    return keys.getMetadata().getAnnotations() == null ? null
        : keys.getMetadata().getAnnotations().get(USER_ANNOTATION);
  }
}
