package dev.kubicle.operator.network;

import dev.kubicle.operator.kube.Json;
import dev.kubicle.operator.kube.Labels;
import dev.kubicle.operator.kube.Names;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where devices live: one ConfigMap per user in the operator namespace (the gateway watches these), and, for
 * devices whose key Kubicle generated, one Secret per user with their private keys (the gateway cannot read it).
 * Writes use the ConfigMap's resourceVersion, so two requests of the same user never overwrite each other. Both are
 * named by 128 bits of SHA-256 of the user name and read only when their user annotation names the caller.
 */
public final class DeviceStore {
  public static final String DEVICES_LABEL = "kubicle.dev/devices";
  public static final String USER_ANNOTATION = "kubicle.dev/user";
  private static final Logger LOG = LoggerFactory.getLogger(DeviceStore.class);
  private static final int MAX_ATTEMPTS = 20;
  private static final String CONFIG_MAP_PREFIX = "kubicle-devices-";
  private static final String KEY_SECRET_PREFIX = "kubicle-device-keys-";

  private final KubernetesClient client;
  private final String namespace;
  /** Each user's records, found only when their annotation names that user (a collision is never served). */
  private final PerUserObject<ConfigMap> deviceMaps;
  private final PerUserObject<Secret> keySecrets;

  public DeviceStore(KubernetesClient client, String operatorNamespace) {
    this.client = client;
    this.namespace = operatorNamespace;
    this.deviceMaps = deviceMaps(client, operatorNamespace);
    this.keySecrets = keySecrets(client, operatorNamespace);
  }

  private static PerUserObject<ConfigMap> deviceMaps(KubernetesClient client, String namespace) {
    return new PerUserObject<>(client, namespace, ConfigMap.class, CONFIG_MAP_PREFIX, ConfigMap::getData,
        ConfigMap::setData, (name, user, data) -> new ConfigMapBuilder()
            .withNewMetadata().withName(name).withNamespace(namespace)
              .addToLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).addToLabels(DEVICES_LABEL, "true")
              .addToAnnotations(USER_ANNOTATION, user)
            .endMetadata().withData(data).build());
  }

  private static PerUserObject<Secret> keySecrets(KubernetesClient client, String namespace) {
    return new PerUserObject<>(client, namespace, Secret.class, KEY_SECRET_PREFIX, Secret::getData,
        Secret::setData, (name, user, data) -> new SecretBuilder()
            .withNewMetadata().withName(name).withNamespace(namespace)
              .addToLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).addToAnnotations(USER_ANNOTATION, user)
            .endMetadata().withType("Opaque").withData(data).build());
  }

  /** The name of the user's devices ConfigMap (collision-proof; see {@link Names#userDigestSuffix}). */
  public static String configMapName(String user) {
    return PerUserObject.nameFor(CONFIG_MAP_PREFIX, user);
  }

  /** The name releases before issue 13 gave the user's devices ConfigMap (a 32-bit hash; read for its owner only). */
  public static String legacyConfigMapName(String user) {
    return PerUserObject.legacyNameFor(CONFIG_MAP_PREFIX, user);
  }

  /** The name of the user's device-key Secret (collision-proof). */
  public static String keySecretName(String user) {
    return PerUserObject.nameFor(KEY_SECRET_PREFIX, user);
  }

  /** The name releases before issue 13 gave the user's device-key Secret. */
  public static String legacyKeySecretName(String user) {
    return PerUserObject.legacyNameFor(KEY_SECRET_PREFIX, user);
  }

  /** The owner key under which a device holds its overlay address. */
  public static String ownerKey(String user, String device) {
    return "device:" + user + "/" + device;
  }

  /** Every user's devices ConfigMap. */
  public static List<ConfigMap> list(KubernetesClient client, String namespace) {
    return client.configMaps().inNamespace(namespace).withLabel(DEVICES_LABEL, "true").list().getItems();
  }

  /**
   * The devices recorded in one ConfigMap. Entries that do not parse, or that name another user than the
   * ConfigMap's annotation, are skipped with a log line: one bad entry never hides the others.
   */
  public static List<Device> devicesIn(ConfigMap configMap) {
    String user = configMap.getMetadata().getAnnotations() == null ? null
        : configMap.getMetadata().getAnnotations().get(USER_ANNOTATION);
    List<Device> devices = new ArrayList<>();
    if (user == null || configMap.getData() == null) {
      return devices;
    }
    configMap.getData().forEach((key, json) -> {
      try {
        Device device = Json.mapper().readValue(json, Device.class);
        if (user.equals(device.user()) && key.equals(device.name())) {
          devices.add(device);
        } else {
          LOG.warn("skipping device entry {} in ConfigMap {}: its user or name does not match the ConfigMap", key,
              configMap.getMetadata().getName());
        }
      } catch (Exception e) {
        LOG.warn("skipping device entry {} in ConfigMap {}: not valid device JSON", key,
            configMap.getMetadata().getName());
      }
    });
    return devices;
  }

  /** The user's devices, sorted by name. */
  public List<Device> devices(String user) {
    Optional<ConfigMap> existing = deviceMaps.current(user);
    if (existing.isEmpty()) {
      return List.of();
    }
    List<Device> devices = new ArrayList<>(devicesIn(existing.get()));
    devices.sort((a, b) -> a.name().compareTo(b.name()));
    return devices;
  }

  /** Every device of every user. */
  public List<Device> allDevices() {
    List<Device> all = new ArrayList<>();
    list(client, namespace).forEach(cm -> all.addAll(devicesIn(cm)));
    return all;
  }

  /**
   * Applies {@code change} to the user's device entries (name to JSON) and writes the result under the
   * collision-proof name (moving a legacy ConfigMap of this user), retrying on conflict.
   */
  void update(String user, UnaryOperator<Map<String, String>> change) {
    retryOnConflict(() -> deviceMaps.write(user, change));
  }

  static String toJson(Device device) {
    try {
      return Json.mapper().writeValueAsString(device);
    } catch (Exception e) {
      throw new IllegalStateException("cannot write device JSON", e);
    }
  }

  /** Stores a generated private key in the user's key Secret. */
  void putPrivateKey(String user, String device, String privateKey) {
    String encoded = Base64.getEncoder().encodeToString(privateKey.getBytes(StandardCharsets.US_ASCII));
    updateKeys(user, data -> {
      data.put(device, encoded);
      return data;
    });
  }

  /** The device's private key, when Kubicle generated it and it is still stored. */
  Optional<String> privateKey(String user, String device) {
    String encoded = keySecrets.read(user).get(device);
    return Optional.ofNullable(encoded)
        .map(e -> new String(Base64.getDecoder().decode(e), StandardCharsets.US_ASCII));
  }

  /** Removes the device's private key (harmless when there is none). */
  void removePrivateKey(String user, String device) {
    updateKeys(user, data -> {
      data.remove(device);
      return data;
    });
  }

  /** Applies {@code change} to the user's key Secret (created when missing and needed), retrying on conflict. */
  private void updateKeys(String user, UnaryOperator<Map<String, String>> change) {
    retryOnConflict(() -> keySecrets.write(user, change));
  }

  /**
   * Runs a read-modify-write; a 409 (another request wrote in between, or created the object first) re-reads and
   * tries again, a bounded number of times.
   */
  private static void retryOnConflict(Runnable write) {
    for (int attempt = 1; ; attempt++) {
      try {
        write.run();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt >= MAX_ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}
