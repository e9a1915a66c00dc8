package dev.kubicle.operator.agentapi;

import dev.kubicle.operator.kube.Names;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * A user's SSH public keys: the ConfigMap {@code kubicle-user-<user>} in the workspace's namespace, key
 * {@code authorized_keys}, labelled {@link #LABEL}. Read from an informer of the labelled ConfigMaps only (the
 * console shares it), so an agent's hello never makes a request to the API server. Only the workspace's owner's
 * keys are ever handed to its agent.
 */
public class UserKeys implements AutoCloseable {
  public static final String KEY = "authorized_keys";
  /** Annotation holding the exact user name, since ConfigMap names cannot hold every character of one. */
  public static final String USER_ANNOTATION = "kubicle.dev/user";
  /** Label on every keys ConfigMap, so only these are watched. */
  public static final String LABEL = "kubicle.dev/user-keys";

  private final KubernetesClient client;
  private final Set<String> namespaces;
  private final List<SharedIndexInformer<ConfigMap>> informers = new CopyOnWriteArrayList<>();
  private final List<BiConsumer<String, String>> listeners = new CopyOnWriteArrayList<>();

  /** @param namespaces the namespaces to watch; empty means all */
  public UserKeys(KubernetesClient client, Set<String> namespaces) {
    this.client = client;
    this.namespaces = namespaces;
  }

  /**
   * Hears of every keys ConfigMap that is added, changed or deleted, as (namespace, ConfigMap name), so running
   * agents get the new keys without reconnecting. Register before {@link #start}.
   */
  public void onChange(BiConsumer<String, String> listener) {
    listeners.add(listener);
  }

  /** Starts the informers (waiting for their first list); until then every user has no keys. */
  public void start() {
    List<SharedIndexInformer<ConfigMap>> started = new ArrayList<>();
    ResourceEventHandler<ConfigMap> changes = new ResourceEventHandler<>() {
      @Override
      public void onAdd(ConfigMap keys) {
        changed(keys);
      }

      @Override
      public void onUpdate(ConfigMap before, ConfigMap after) {
        changed(after);
      }

      @Override
      public void onDelete(ConfigMap keys, boolean finalStateUnknown) {
        changed(keys);
      }
    };
    if (namespaces.isEmpty()) {
      started.add(client.configMaps().inAnyNamespace().withLabel(LABEL, "true").inform(changes));
    } else {
      for (String namespace : namespaces) {
        started.add(client.configMaps().inNamespace(namespace).withLabel(LABEL, "true").inform(changes));
      }
    }
    informers.addAll(started);
  }

  private void changed(ConfigMap keys) {
    String namespace = keys.getMetadata().getNamespace();
    String name = keys.getMetadata().getName();
    for (BiConsumer<String, String> listener : listeners) {
      listener.accept(namespace, name);
    }
  }

  /** A keys ConfigMap from the cache. */
  public Optional<ConfigMap> configMap(String namespace, String name) {
    String key = Cache.namespaceKeyFunc(namespace, name);
    for (SharedIndexInformer<ConfigMap> informer : informers) {
      ConfigMap found = informer.getStore().getByKey(key);
      if (found != null) {
        return Optional.of(found);
      }
    }
    return Optional.empty();
  }

  public List<String> authorizedKeys(String namespace, String user) {
    if (user == null || user.isBlank()) {
      return List.of();
    }
    return configMap(namespace, configMapName(user)).map(keys -> parse(keys, user)).orElse(List.of());
  }

  /** The keys in {@code keys} when it belongs to {@code user} (its annotation says so), else none. */
  public static List<String> parse(ConfigMap keys, String user) {
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

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
