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
import java.util.function.Function;

/**
 * A user's SSH public keys: the ConfigMap {@code kubicle-user-<user digest>} in the workspace's namespace, key
 * {@code authorized_keys}, labelled {@link #LABEL}. A ConfigMap still under its legacy 32-bit-hash name (releases
 * before issue 13) is read for the user its annotation names until the console's next write moves it. Read from an informer of the labelled ConfigMaps only (the
 * console shares it), so an agent's hello never makes a request to the API server. Only the workspace's owner's
 * keys are ever handed to its agent.
 */
public class UserKeys implements AutoCloseable {
  public static final String KEY = "authorized_keys";
  /** Annotation holding the exact user name, since ConfigMap names cannot hold every character of one. */
  public static final String USER_ANNOTATION = "kubicle.dev/user";
  /** Label on every keys ConfigMap, so only these are watched. */
  public static final String LABEL = "kubicle.dev/user-keys";
  private static final String PREFIX = "kubicle-user-";

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
    return current(name -> configMap(namespace, name), user).map(keys -> parse(keys, user)).orElse(List.of());
  }

  /**
   * The user's keys ConfigMap as found by {@code lookup}: under its collision-proof name, else under its legacy name;
   * either only when its annotation names {@code user} (an object another user squats on is treated as absent).
   */
  public static Optional<ConfigMap> current(Function<String, Optional<ConfigMap>> lookup, String user) {
    Optional<ConfigMap> atName = lookup.apply(configMapName(user)).filter(keys -> ownedBy(keys, user));
    return atName.isPresent() ? atName : lookup.apply(legacyConfigMapName(user)).filter(keys -> ownedBy(keys, user));
  }

  /** Whether {@code keys} is annotated with exactly {@code user}. */
  public static boolean ownedBy(ConfigMap keys, String user) {
    return user != null && user.equals(annotation(keys));
  }

  /** Whether a ConfigMap of this name may hold {@code user}'s keys (its new or its legacy name). */
  public static boolean isNameOf(String configMapName, String user) {
    return user != null && (configMapName.equals(configMapName(user))
        || configMapName.equals(legacyConfigMapName(user)));
  }

  /** The keys in {@code keys} when it belongs to {@code user} (its annotation says so), else none. */
  public static List<String> parse(ConfigMap keys, String user) {
    if (keys == null || keys.getData() == null || !user.equals(annotation(keys))) {
      return List.of();
    }
    return Arrays.stream(keys.getData().getOrDefault(KEY, "").split("\n"))
        .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  /** DNS-safe and collision-proof: the readable part of the name plus 128 bits of SHA-256 of the exact user name. */
  public static String configMapName(String user) {
    return PREFIX + Names.userDigestSuffix(user);
  }

  /**
   * The name releases before issue 13 used (a 32-bit hash, so two users could share it): read for the user its
   * annotation names only, and deleted when the console next writes that user's keys under {@link #configMapName}.
   */
  public static String legacyConfigMapName(String user) {
    return PREFIX + Names.userSuffix(user);
  }

  private static String annotation(ConfigMap keys) {
    return keys.getMetadata() == null || keys.getMetadata().getAnnotations() == null ? null
        : keys.getMetadata().getAnnotations().get(USER_ANNOTATION);
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
