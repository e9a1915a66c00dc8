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

  /** First 8 hex digits of SHA-256: enough to tell names apart, short enough for label values. */
  /**
   * A DNS-safe, unique name part for a user's objects: the readable part of the user name plus a hash of the exact
   * name (so "Alice" and "alice" never share objects).
   */
  public static String userSuffix(String user) {
    String readable = user.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
        .replaceAll("(^-+|-+$)", "");
    if (readable.length() > 40) {
      readable = readable.substring(0, 40).replaceAll("-+$", "");
    }
    return (readable.isEmpty() ? "" : readable + "-") + shortHash(user);
  }

  public static String shortHash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 8).toLowerCase(Locale.ROOT);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
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
