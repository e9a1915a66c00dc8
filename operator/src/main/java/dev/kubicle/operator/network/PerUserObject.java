package dev.kubicle.operator.network;

import dev.kubicle.operator.kube.Names;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One kind of per-user record (the devices ConfigMap, the device-key Secret) in the operator namespace: found under
 * its collision-proof name or, until its owner's next write moves it, under its legacy 32-bit-hash name; a record
 * whose user annotation names anyone else is never handed out (it is treated as absent and logged).
 */
final class PerUserObject<T extends HasMetadata> {
  private static final Logger LOG = LoggerFactory.getLogger(PerUserObject.class);

  private final KubernetesClient client;
  private final String namespace;
  private final Class<T> type;
  private final String prefix;
  private final Function<T, Map<String, String>> data;
  private final BiConsumer<T, Map<String, String>> setData;
  private final Fresh<T> fresh;

  /** Builds a new record from its name, user and entries; it must carry {@link DeviceStore#USER_ANNOTATION}. */
  interface Fresh<T> {
    T build(String name, String user, Map<String, String> data);
  }

  PerUserObject(KubernetesClient client, String namespace, Class<T> type, String prefix,
      Function<T, Map<String, String>> data, BiConsumer<T, Map<String, String>> setData,
      Fresh<T> fresh) {
    this.client = client;
    this.namespace = namespace;
    this.type = type;
    this.prefix = prefix;
    this.data = data;
    this.setData = setData;
    this.fresh = fresh;
  }

  /** The record's name: collision-proof (128 bits of SHA-256 of the exact user name). */
  String name(String user) {
    return nameFor(prefix, user);
  }

  static String nameFor(String prefix, String user) {
    return prefix + Names.userDigestSuffix(user);
  }

  static String legacyNameFor(String prefix, String user) {
    return prefix + Names.userSuffix(user);
  }

  /** The name releases before issue 13 used (a 32-bit hash): read for its owner only, moved on the next write. */
  String legacyName(String user) {
    return legacyNameFor(prefix, user);
  }

  /** The user's entries (empty when the user has no record, or only records annotated with another user). */
  Map<String, String> read(String user) {
    return current(user).map(this::dataOf).orElse(Map.of());
  }

  /** The user's record, as stored (new name first, then legacy), when its annotation names this user. */
  Optional<T> current(String user) {
    T atName = owned(get(name(user)), user);
    return Optional.ofNullable(atName != null ? atName : owned(get(legacyName(user)), user));
  }

  /**
   * Applies {@code change} to the user's entries and writes them under the collision-proof name (created when
   * missing); a legacy record of this user is then deleted, its entries having moved. Returns without writing when
   * nothing changed and there is nothing to move. Throws the client's exception on a conflict (the caller retries).
   */
  void write(String user, UnaryOperator<Map<String, String>> change) {
    T atName = get(name(user));
    if (atName != null && !ownedBy(atName, user)) {
      // Unreachable by hash collision (2^64 work); only a hand-written object gets here. Refuse rather than mix.
      throw new IllegalStateException(type.getSimpleName() + " " + namespace + "/" + name(user)
          + " is annotated with another user than " + user + "; delete or fix that object by hand");
    }
    T legacy = owned(get(legacyName(user)), user);
    Map<String, String> before = atName != null ? dataOf(atName) : legacy != null ? dataOf(legacy) : Map.of();
    Map<String, String> changed = change.apply(new LinkedHashMap<>(before));
    if (changed.equals(before) && legacy == null) {
      return;
    }
    if (atName == null) {
      client.resources(type).inNamespace(namespace).resource(fresh.build(name(user), user, changed)).create();
    } else {
      setData.accept(atName, changed);
      client.resources(type).inNamespace(namespace).resource(atName).update();
    }
    if (legacy != null) {
      client.resources(type).inNamespace(namespace).withName(legacyName(user)).delete();
      LOG.info("moved {} {}/{} of {} to its collision-proof name {}", type.getSimpleName(), namespace,
          legacyName(user), user, name(user));
    }
  }

  private T get(String name) {
    return client.resources(type).inNamespace(namespace).withName(name).get();
  }

  private Map<String, String> dataOf(T record) {
    Map<String, String> entries = data.apply(record);
    return entries == null ? Map.of() : entries;
  }

  /** The record when its annotation names {@code user}; otherwise null, logged (a collision or a forged object). */
  private T owned(T record, String user) {
    if (record == null || ownedBy(record, user)) {
      return record;
    }
    LOG.warn("ignoring {} {}/{} for user {}: its {} annotation names another user", type.getSimpleName(), namespace,
        record.getMetadata().getName(), user, DeviceStore.USER_ANNOTATION);
    return null;
  }

  static boolean ownedBy(HasMetadata record, String user) {
    Map<String, String> annotations = record.getMetadata().getAnnotations();
    return annotations != null && user.equals(annotations.get(DeviceStore.USER_ANNOTATION));
  }
}
