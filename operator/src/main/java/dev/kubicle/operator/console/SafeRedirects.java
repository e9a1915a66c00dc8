package dev.kubicle.operator.console;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a login may send the browser afterwards: only relative paths of the console's own pages (an allow-list of
 * prefixes), never another host ("//evil", "/\evil", "https://…"), so a crafted login link cannot become an open
 * redirect.
 */
public final class SafeRedirects {
  public static final String HOME = "/";
  private static final List<String> PREFIXES = List.of("/workspaces", "/templates", "/tasks", "/devices", "/audit",
      "/usage", "/tokens", "/keys", "/settings");
  private static final Pattern SAFE = Pattern.compile("/[A-Za-z0-9._~/-]*(\\?[A-Za-z0-9._~=&%-]*)?");

  private SafeRedirects() {}

  /** {@code requested} when it is an allowed page, else the home page. */
  public static String target(String requested) {
    if (requested == null || requested.length() > 512 || !SAFE.matcher(requested).matches()
        || requested.startsWith("//") || requested.contains("/../") || requested.endsWith("/..")) {
      return HOME;
    }
    if (requested.equals(HOME)) {
      return HOME;
    }
    String path = requested.contains("?") ? requested.substring(0, requested.indexOf('?')) : requested;
    for (String prefix : PREFIXES) {
      if (path.equals(prefix) || path.startsWith(prefix + "/")) {
        return requested;
      }
    }
    return HOME;
  }
}
