package dev.kubicle.operator.network;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Overlay address management: one stable address per owner (a workspace or a device) from an IPv4 range, recorded in
 * the ConfigMap {@value #CONFIG_MAP_NAME} (address to owner key) and written with optimistic concurrency.
 *
 * <p>Why a ConfigMap with resourceVersion checks: it is the one store every operator replica already shares, and a
 * write based on a stale read fails with 409 instead of silently handing the same address to two owners. On 409 we
 * re-read and retry (bounded), so replicas and threads never collide, and a restarted operator reads what it wrote.
 *
 * <p>Address choice: an owner's first candidate is derived from a SHA-256 of its owner key, then the first free
 * address after it (wrapping). With a sparsely used range this is O(1) on average and gives an owner the same
 * address again after a release when nobody took it meanwhile; it slows down (linear probing) only as the range
 * fills up. Owner keys look like {@code workspace:<ns>/<name>/<uid>} or {@code device:<user>/<name>}.
 *
 * <p>Limit: a ConfigMap holds at most 1 MiB, about 10,000 allocations at roughly 100 bytes each; a bigger fleet
 * needs a sharded store (not built yet).
 */
public final class OverlayIpam {

  /** Name of the ConfigMap in the operator namespace that holds all allocations. */
  public static final String CONFIG_MAP_NAME = "kubicle-ipam";

  /**
   * Attempts per allocate or release before giving up with {@link IpamConflictException}. Generous on purpose: the
   * scheme is not fair, a replica writing a burst from its fresh view keeps beating one that must re-read first, so
   * the loser has to outlast the burst (about 150 attempts with jittered pauses of up to 100 ms, several seconds).
   */
  static final int MAX_ATTEMPTS = 150;

  private static final Logger LOG = LoggerFactory.getLogger(OverlayIpam.class);

  private final KubernetesClient client;
  private final String namespace;
  private final OverlayRange range;

  // The last ConfigMap we read or wrote: our in-memory view. Guarded by `this`; every write is still checked by
  // the API server against its resourceVersion, so a stale view costs a retry, never a duplicate.
  private ConfigMap view;
  // How many writes the API server refused as stale; lets tests prove a race really happened.
  private long conflicts;

  /** IPAM over the default range {@value OverlayRange#DEFAULT_CIDR}, state in the given operator namespace. */
  public OverlayIpam(KubernetesClient client, String operatorNamespace) {
    this(client, operatorNamespace, OverlayRange.DEFAULT_CIDR);
  }

  /** IPAM over the given CIDR, state in the ConfigMap {@value #CONFIG_MAP_NAME} of the operator namespace. */
  public OverlayIpam(KubernetesClient client, String operatorNamespace, String cidr) {
    this.client = client;
    this.namespace = operatorNamespace;
    this.range = OverlayRange.parse(cidr);
  }

  /** The range addresses come from. */
  public OverlayRange range() {
    return range;
  }

  /**
   * The owner's address: the one it already has, or a free one now recorded for it.
   *
   * @throws IpamExhaustedException when no address is free
   * @throws IpamConflictException when other writers kept winning for {@value #MAX_ATTEMPTS} attempts
   */
  public synchronized String allocate(String ownerKey) {
    requireOwnerKey(ownerKey);
    return update("allocate an address for " + ownerKey, data -> {
      Optional<String> existing = addressIn(data, ownerKey);
      if (existing.isPresent() && range.isAllocatable(existing.get())) {
        return new Change<>(existing.get(), false);
      }
      // An address outside the current range (the range was changed) is given up for one inside it.
      existing.ifPresent(data::remove);
      String address = firstFreeAfter(startIndex(ownerKey), data);
      data.put(address, ownerKey);
      return new Change<>(address, true);
    });
  }

  /** Frees the owner's address; returns whether it had one. Releasing twice is harmless. */
  public synchronized boolean release(String ownerKey) {
    requireOwnerKey(ownerKey);
    return update("release the address of " + ownerKey, data -> {
      boolean removed = data.values().removeIf(ownerKey::equals);
      return new Change<>(removed, removed);
    });
  }

  /** The owner's current address, from a fresh read of the ConfigMap. */
  public synchronized Optional<String> addressOf(String ownerKey) {
    refresh();
    return addressIn(new HashMap<>(dataOf(view)), ownerKey);
  }

  /** All allocations as address to owner key, sorted by key, from a fresh read of the ConfigMap. */
  public synchronized Map<String, String> allocations() {
    refresh();
    return new TreeMap<>(dataOf(view));
  }

  /** Writes refused with 409 so far (each one was retried from a fresh read). */
  synchronized long conflicts() {
    return conflicts;
  }

  private record Change<T>(T result, boolean write) {
  }

  private <T> T update(String what, Function<Map<String, String>, Change<T>> mutation) {
    if (view == null) {
      refresh();
    }
    KubernetesClientException lastConflict = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Map<String, String> data = new HashMap<>(dataOf(view));
      Change<T> change = mutation.apply(data);
      if (!change.write()) {
        return change.result();
      }
      ConfigMap next = new ConfigMapBuilder(view).withData(new TreeMap<>(data)).build();
      try {
        // update() sends the resourceVersion we read, so the API server rejects it if anyone wrote in between.
        view = client.configMaps().inNamespace(namespace).resource(next).update();
        return change.result();
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        lastConflict = e;
        conflicts++;
        LOG.debug("IPAM ConfigMap changed while trying to {} (attempt {}); re-reading", what, attempt);
        backOff(attempt);
        refresh();
      }
    }
    throw new IpamConflictException("Could not " + what + ": the ConfigMap " + namespace + "/" + CONFIG_MAP_NAME
        + " changed under us on each of " + MAX_ATTEMPTS + " attempts (too many writers at once?)", lastConflict);
  }

  private void refresh() {
    ConfigMap current = client.configMaps().inNamespace(namespace).withName(CONFIG_MAP_NAME).get();
    if (current == null) {
      ConfigMap empty = new ConfigMapBuilder().withNewMetadata().withName(CONFIG_MAP_NAME).withNamespace(namespace)
          .addToLabels("app.kubernetes.io/managed-by", "kubicle").endMetadata().build();
      try {
        current = client.configMaps().inNamespace(namespace).resource(empty).create();
      } catch (KubernetesClientException e) {
        // Another replica created it first: theirs is as good as ours.
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        current = client.configMaps().inNamespace(namespace).withName(CONFIG_MAP_NAME).require();
      }
    }
    view = current;
  }

  private String firstFreeAfter(int start, Map<String, String> data) {
    int count = range.allocatableCount();
    if (data.size() >= count && countInRange(data) >= count) {
      throw new IpamExhaustedException(range);
    }
    for (int i = 0; i < count; i++) {
      String candidate = OverlayRange.format(range.allocatable((start + i) % count));
      if (!data.containsKey(candidate)) {
        return candidate;
      }
    }
    throw new IpamExhaustedException(range);
  }

  private long countInRange(Map<String, String> data) {
    return data.keySet().stream().filter(range::isAllocatable).count();
  }

  private int startIndex(String ownerKey) {
    // SHA-256 rather than String.hashCode: similar keys (ws-1, ws-2) spread over the range instead of clustering,
    // and the value is the same on every JVM, so an owner's first choice does not depend on which replica asks.
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(ownerKey.getBytes(StandardCharsets.UTF_8));
      long value = 0;
      for (int i = 0; i < 8; i++) {
        value = (value << 8) | (digest[i] & 0xff);
      }
      return (int) Math.floorMod(value, (long) range.allocatableCount());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  private static Optional<String> addressIn(Map<String, String> data, String ownerKey) {
    return data.entrySet().stream().filter(e -> ownerKey.equals(e.getValue())).map(Map.Entry::getKey).sorted()
        .findFirst();
  }

  private static Map<String, String> dataOf(ConfigMap configMap) {
    return configMap.getData() == null ? Map.of() : configMap.getData();
  }

  private static void requireOwnerKey(String ownerKey) {
    if (ownerKey == null || ownerKey.isBlank()) {
      throw new IllegalArgumentException("An IPAM owner key is required (like workspace:<ns>/<name>/<uid>)");
    }
  }

  private static void backOff(int attempt) {
    // Jittered, growing pause so replicas that collided do not collide again in lockstep.
    long maxMillis = Math.min(100, 2L << Math.min(attempt, 6));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, maxMillis + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IpamConflictException("Interrupted while retrying an IPAM update", e);
    }
  }
}
