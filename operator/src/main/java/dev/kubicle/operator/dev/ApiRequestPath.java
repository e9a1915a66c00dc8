package dev.kubicle.operator.dev;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A resource request path taken apart: {@code /api/v1/namespaces/default/pods/x} or
 * {@code /apis/kubicle.dev/v1alpha1/namespaces/default/workspaces?watch=true}, with its query parameters decoded.
 */
record ApiRequestPath(
    String group,
    String version,
    String namespace,
    String resource,
    String name,
    String subresource,
    Map<String, String> query) {

  /** Parses a path with or without a query string; empty for anything that does not address a resource. */
  static Optional<ApiRequestPath> parse(String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    Map<String, String> query = q < 0 ? Map.of() : query(pathAndQuery.substring(q + 1));
    List<String> segments = List.of(path.replaceAll("^/+|/+$", "").split("/+"));
    String group;
    List<String> rest;
    if (segments.size() >= 3 && segments.get(0).equals("api")) {
      group = "";
      rest = segments.subList(1, segments.size());
    } else if (segments.size() >= 4 && segments.get(0).equals("apis")) {
      group = segments.get(1);
      rest = segments.subList(2, segments.size());
    } else {
      return Optional.empty();
    }
    String version = rest.get(0);
    List<String> r = rest.subList(1, rest.size());
    String namespace = null;
    // /namespaces/{ns}/{resource}...; a bare /namespaces or /namespaces/{name} is the namespace resource itself.
    if (r.size() >= 3 && r.get(0).equals("namespaces")) {
      namespace = r.get(1);
      r = r.subList(2, r.size());
    }
    if (r.isEmpty() || r.size() > 3) {
      return Optional.empty();
    }
    return Optional.of(new ApiRequestPath(group, version, namespace, r.get(0),
        r.size() > 1 ? r.get(1) : null, r.size() > 2 ? r.get(2) : null, query));
  }

  /** True for a collection or single object request, false for subresources such as status or log. */
  boolean isObjectOrList() {
    return subresource == null;
  }

  /** True when the query asks for a watch; client-go sends {@code watch=true}, older clients {@code watch=1}. */
  boolean isWatch() {
    String watch = query.get("watch");
    return watch != null && (watch.equals("true") || watch.equals("1"));
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      params.putIfAbsent(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
    }
    return Map.copyOf(params);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s; // a stray '%' is kept as typed rather than failing the request
    }
  }
}
