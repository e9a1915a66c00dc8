package dev.kubicle.operator.console.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The browser UI's static files, read from the operator's jar into memory on first use (no file cache on disk: the
 * pod's root file system is read-only). Names are checked against a strict pattern, so no path can leave the UI's
 * folder; xterm.js comes from its webjar under fixed names.
 */
public final class UiAssets {
  /** The xterm.js webjar on the classpath (org.webjars.npm:xterm, see operator/pom.xml). */
  public static final String XTERM_VERSION = "4.9.0";
  static final String ROOT = "/dev/kubicle/operator/console/ui/";
  private static final String XTERM_ROOT = "/META-INF/resources/webjars/xterm/" + XTERM_VERSION + "/";
  private static final Map<String, String> VENDOR = Map.of(
      "vendor/xterm.js", XTERM_ROOT + "lib/xterm.js",
      "vendor/xterm.css", XTERM_ROOT + "css/xterm.css");
  private static final Pattern NAME = Pattern.compile("[a-z0-9-]+(/[a-z0-9-]+)*\\.(js|css|svg)");
  private static final Map<String, String> TYPES = Map.of(
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "svg", "image/svg+xml");

  /** A file's bytes, its content type and a strong ETag (hash of the content). */
  public record Asset(byte[] bytes, String contentType, String etag) {}

  private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

  /** The asset at {@code name} (relative to /ui/), or empty when there is none. */
  public Optional<Asset> find(String name) {
    if (name == null || name.length() > 200 || (!VENDOR.containsKey(name) && !NAME.matcher(name).matches())) {
      return Optional.empty();
    }
    return cache.computeIfAbsent(name, UiAssets::load);
  }

  private static Optional<Asset> load(String name) {
    String resource = VENDOR.getOrDefault(name, ROOT + name);
    try (InputStream in = UiAssets.class.getResourceAsStream(resource)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] bytes = in.readAllBytes();
      String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
      return Optional.of(new Asset(bytes, type, "\"" + hash(bytes) + "\""));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource + " from the operator jar", e);
    }
  }

  private static String hash(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
