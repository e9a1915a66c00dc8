package dev.kubicle.operator.network;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Overlay address management: one stable address per owner (a workspace or a device) from an IPv4 range.
 *
 * <p>Where the truth lives: each address is recorded on its owner (a Workspace's status.network.address, a device's
 * entry), written together with what the operator writes anyway, so allocation costs no extra API write and has no
 * shared object to contend on. This class is the operator's in-memory index of those records. It is seeded once,
 * before the first allocation, from everything recorded (so a restarted operator knows every address in use), and
 * then kept current by the one operator that writes them (the chart runs a single replica). All methods are
 * synchronized: threads never hand out the same address.
 *
 * <p>Address choice: an owner's first candidate is derived from a SHA-256 of its owner key, then the first free
 * address after it (wrapping), so similar names spread over the range and an owner who comes back after a release
 * gets the same address if nobody took it meanwhile. Owner keys look like {@code workspace:<ns>/<name>/<uid>} or
 * {@code device:<user>/<name>}.
 */
public final class OverlayAddresses {

  /** An address recorded on an owner; {@code since} orders duplicates (the older record keeps the address). */
  public record Claim(String owner, String address, Instant since) {}

  private static final Logger LOG = LoggerFactory.getLogger(OverlayAddresses.class);

  private final OverlayRange range;
  private final Supplier<List<Claim>> recorded;
  private final Map<Integer, String> ownerByAddress = new HashMap<>();
  private final Map<String, Integer> addressByOwner = new HashMap<>();
  private boolean seeded;

  /**
   * @param recorded every address recorded on its owner now (read once, at the first call that needs it)
   */
  public OverlayAddresses(OverlayRange range, Supplier<List<Claim>> recorded) {
    this.range = range;
    this.recorded = recorded;
  }

  /** The range addresses come from. */
  public OverlayRange range() {
    return range;
  }

  /**
   * The owner's address: the one recorded on it when that is still valid and its own, else a free one now reserved
   * for it (the caller records it). Idempotent.
   *
   * @param recordedAddress what the owner's record says now, or null
   * @throws IpamExhaustedException when no address is free
   */
  public synchronized String addressFor(String owner, String recordedAddress) {
    requireOwner(owner);
    seedOnce();
    Integer held = addressByOwner.get(owner);
    if (held != null) {
      if (recordedAddress != null && !recordedAddress.equals(OverlayRange.format(held))) {
        LOG.warn("{} records overlay address {} but holds {}; keeping {}", owner, recordedAddress,
            OverlayRange.format(held), OverlayRange.format(held));
      }
      return OverlayRange.format(held);
    }
    if (recordedAddress != null && range.isAllocatable(recordedAddress)) {
      int value = OverlayRange.toInt(recordedAddress);
      String other = ownerByAddress.get(value);
      if (other == null) {
        put(owner, value);
        return recordedAddress;
      }
      LOG.warn("{} records overlay address {}, which {} already holds; giving it another one", owner,
          recordedAddress, other);
    } else if (recordedAddress != null) {
      LOG.warn("{} records overlay address {}, which is not in the overlay range {}; giving it another one", owner,
          recordedAddress, range);
    }
    int value = firstFreeAfter(startIndex(owner));
    put(owner, value);
    return OverlayRange.format(value);
  }

  /** Frees the owner's address (harmless when it has none). */
  public synchronized void release(String owner) {
    Integer value = addressByOwner.remove(owner);
    if (value != null) {
      ownerByAddress.remove(value);
    }
  }

  /** Address to owner, sorted by address (tests, diagnostics). */
  public synchronized Map<String, String> allocations() {
    seedOnce();
    Map<String, String> out = new TreeMap<>(Comparator.comparingInt(OverlayRange::toInt));
    ownerByAddress.forEach((address, owner) -> out.put(OverlayRange.format(address), owner));
    return out;
  }

  private void seedOnce() {
    if (seeded) {
      return;
    }
    List<Claim> claims = recorded.get().stream()
        .sorted(Comparator.comparing(Claim::since, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Claim::owner))
        .toList();
    for (Claim claim : claims) {
      if (claim.address() == null || !range.isAllocatable(claim.address())) {
        continue; // reassigned when its owner is next reconciled, with a log line then
      }
      int value = OverlayRange.toInt(claim.address());
      if (!ownerByAddress.containsKey(value) && !addressByOwner.containsKey(claim.owner())) {
        put(claim.owner(), value);
      }
    }
    seeded = true;
    LOG.info("overlay addresses: {} in use in {}", ownerByAddress.size(), range);
  }

  private void put(String owner, int value) {
    ownerByAddress.put(value, owner);
    addressByOwner.put(owner, value);
  }

  private int firstFreeAfter(int start) {
    int count = range.allocatableCount();
    if (ownerByAddress.size() >= count) {
      throw new IpamExhaustedException(range);
    }
    for (int i = 0; i < count; i++) {
      int candidate = range.allocatable((start + i) % count);
      if (!ownerByAddress.containsKey(candidate)) {
        return candidate;
      }
    }
    throw new IpamExhaustedException(range);
  }

  private int startIndex(String owner) {
    // SHA-256 rather than String.hashCode: similar keys (ws-1, ws-2) spread over the range instead of clustering,
    // and the value is the same on every JVM, so an owner's first choice survives a restart.
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(owner.getBytes(StandardCharsets.UTF_8));
      long value = 0;
      for (int i = 0; i < 8; i++) {
        value = (value << 8) | (digest[i] & 0xff);
      }
      return (int) Math.floorMod(value, (long) range.allocatableCount());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  private static void requireOwner(String owner) {
    if (owner == null || owner.isBlank()) {
      throw new IllegalArgumentException("An overlay address owner is required (like workspace:<ns>/<name>/<uid>)");
    }
  }
}
