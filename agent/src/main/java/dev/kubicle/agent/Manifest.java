package dev.kubicle.agent;

import java.util.List;
import java.util.Map;

/** What the control plane tells the agent about its workspace; absent fields get the protocol's defaults. */
public record Manifest(
    String workspace,
    String namespace,
    String owner,
    List<String> sshAuthorizedKeys,
    String startupScript,
    Long startupTimeoutMs,
    String shutdownScript,
    Long shutdownTimeoutMs,
    Map<String, String> env,
    String directory,
    List<App> apps,
    List<MetadataItem> metadata,
    Long statsIntervalMs) {

  /** An app the workspace serves; the agent only carries it. */
  public record App(String slug, String displayName, String url) {}

  /** A command whose output is reported as a metadata value at an interval. */
  public record MetadataItem(String key, String displayName, String script, Long intervalMs, Long timeoutMs) {
    public long intervalOrDefault() {
      // Under a second would turn a dashboard value into a busy loop.
      return Math.max(1000, intervalMs == null ? 10_000 : intervalMs);
    }

    public long timeoutOrDefault() {
      return timeoutMs == null || timeoutMs <= 0 ? 5_000 : timeoutMs;
    }
  }

  /** The manifest before the control plane sent one. */
  public static Manifest empty() {
    return new Manifest(null, null, null, List.of(), "", null, "", null, Map.of(), null, List.of(), List.of(), null);
  }

  public List<String> authorizedKeys() {
    return sshAuthorizedKeys == null ? List.of() : sshAuthorizedKeys;
  }

  public String startupScriptOrEmpty() {
    return startupScript == null ? "" : startupScript;
  }

  public long startupTimeout() {
    return startupTimeoutMs == null || startupTimeoutMs <= 0 ? 300_000 : startupTimeoutMs;
  }

  public String shutdownScriptOrEmpty() {
    return shutdownScript == null ? "" : shutdownScript;
  }

  public long shutdownTimeout() {
    return shutdownTimeoutMs == null || shutdownTimeoutMs <= 0 ? 60_000 : shutdownTimeoutMs;
  }

  public Map<String, String> envOrEmpty() {
    return env == null ? Map.of() : env;
  }

  public List<MetadataItem> metadataOrEmpty() {
    return metadata == null ? List.of() : metadata;
  }

  public long statsInterval() {
    // A floor keeps a typo from flooding the control plane.
    return statsIntervalMs == null || statsIntervalMs <= 0 ? 30_000 : Math.max(100, statsIntervalMs);
  }
}
