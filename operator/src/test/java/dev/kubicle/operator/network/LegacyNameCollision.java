package dev.kubicle.operator.network;

import dev.kubicle.operator.kube.Names;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds two user names that share a legacy (32-bit hash) object name, by a birthday search: both names share their
 * first 40 readable characters, so only the 8 hex digits of the hash tell them apart, and 2^18 names give about
 * eight colliding pairs. The search is deterministic (no randomness) and bounded.
 */
public final class LegacyNameCollision {
  private static final int MAX_NAMES = 1 << 19;

  /** Two different user names, victim first. */
  public record Pair(String victim, String attacker) {}

  private LegacyNameCollision() {}

  /** A colliding pair of names starting with {@code prefix}, which must have at least 40 readable characters. */
  public static Pair find(String prefix) {
    if (Names.userSuffix(prefix).length() < 49) {
      throw new IllegalArgumentException("the prefix needs 40 readable characters, got '" + prefix + "'");
    }
    Map<String, String> seen = new HashMap<>();
    for (int i = 0; i < MAX_NAMES; i++) {
      String name = prefix + i;
      String previous = seen.putIfAbsent(Names.userSuffix(name), name);
      if (previous != null) {
        return new Pair(previous, name);
      }
    }
    throw new IllegalStateException("no 32-bit collision among " + MAX_NAMES + " names (expected about 32)");
  }
}
