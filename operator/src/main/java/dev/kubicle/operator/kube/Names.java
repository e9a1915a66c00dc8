package dev.kubicle.operator.kube;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Deterministic names for children, so a restarted operator finds what it created instead of creating it twice. */
public final class Names {
  private static final int MAX_NAME = 63;

  private Names() {}

  /** The Job (and its pods' job-name label) for one build: at most 63 characters. */
  public static String buildJob(String workspace, String uid, long buildNumber) {
    return bounded(workspace, uid, "-b" + buildNumber);
  }

  /** The Secret holding a build's variables (it carries the agent token, so not a ConfigMap). */
  public static String buildSecret(String workspace, String uid, long buildNumber) {
    return bounded(workspace, uid, "-b" + buildNumber + "-vars");
  }

  /** The Secret holding the workspace's current agent token. */
  public static String agentToken(String workspace, String uid) {
    return bounded(workspace, uid, "-agent-token");
  }

  /** The ConfigMap holding the tails of a workspace's recent build logs. */
  public static String buildLogs(String workspace, String uid) {
    return bounded(workspace, uid, "-build-logs");
  }

  /** The immutable ConfigMap holding one version of a template. */
  public static String templateSnapshot(String template, String version) {
    String suffix = "-v-" + version;
    String base = template.length() + suffix.length() <= 253 ? template : template.substring(0, 253 - suffix.length());
    return base + suffix;
  }

  /** Keeps the workspace name readable, and unique by adding a short hash of the UID when it must be cut. */
  private static String bounded(String workspace, String uid, String suffix) {
    String name = workspace + suffix;
    if (name.length() <= MAX_NAME) {
      return name;
    }
    String hash = shortHash(uid);
    int keep = MAX_NAME - suffix.length() - hash.length() - 1;
    String head = workspace.substring(0, keep).replaceAll("[-.]+$", "");
    return head + "-" + hash + suffix;
  }

  /**
   * A DNS-safe name part for a user's objects: the readable part of the user name plus a 32-bit hash of the exact
   * name. 32 bits can be made to collide (a birthday search over a few hundred thousand names), so a reader must
   * check the object's user annotation; {@link #userDigestSuffix} is the collision-proof form for new objects.
   */
  public static String userSuffix(String user) {
    String readable = readable(user, 40);
    return (readable.isEmpty() ? "" : readable + "-") + shortHash(user);
  }

  /**
   * A collision-proof, DNS-safe name part for a user's objects (at most 57 characters): up to 30 characters of the
   * readable user name, then 128 bits of SHA-256 of the exact name in lower-case base32 (26 characters). Finding two
   * user names that share it is a 2^64 search, so two users never share an object by accident or design.
   */
  public static String userDigestSuffix(String user) {
    String readable = readable(user, 30);
    return (readable.isEmpty() ? "" : readable + "-") + base32(sha256(user), 16);
  }

  private static String readable(String user, int max) {
    String readable = user.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
    return readable.length() > max ? readable.substring(0, max).replaceAll("-+$", "") : readable;
  }

  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  /** RFC 4648 base32 in lower case without padding, of the first {@code bytes} bytes: letters and digits only. */
  private static String base32(byte[] data, int bytes) {
    StringBuilder out = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < bytes; i++) {
      buffer = (buffer << 8) | (data[i] & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32[(buffer >> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(BASE32[(buffer << (5 - bits)) & 31]);
    }
    return out.toString();
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** First 8 hex digits of SHA-256: enough to tell a workspace's names apart, short enough for label values. */
  public static String shortHash(String text) {
    return HexFormat.of().formatHex(sha256(text)).substring(0, 8);
  }

  private static final java.util.regex.Pattern OBJECT_NAME =
      java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

  /**
   * Whether {@code name} can name a Kubernetes object (DNS subdomain: lower case letters, digits, '-' and '.', at
   * most 253 characters). A reference that is not one cannot exist, and must not reach a request URL.
   */
  public static boolean isObjectName(String name) {
    return name != null && name.length() <= 253 && OBJECT_NAME.matcher(name).matches();
  }
}
