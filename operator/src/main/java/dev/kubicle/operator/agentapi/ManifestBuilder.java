package dev.kubicle.operator.agentapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.api.v1alpha1.AgentApp;
import dev.kubicle.api.v1alpha1.AgentMetadata;
import dev.kubicle.api.v1alpha1.TemplateAgent;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.validation.Durations;
import dev.kubicle.operator.kube.Json;
import java.time.Duration;
import java.util.List;

/** Builds the manifest an agent receives (see docs/agent-protocol.md) from its workspace and template version. */
public final class ManifestBuilder {
  static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(5);
  static final Duration SHUTDOWN_TIMEOUT = Duration.ofMinutes(1);
  static final Duration METADATA_INTERVAL = Duration.ofSeconds(60);
  static final Duration METADATA_TIMEOUT = Duration.ofSeconds(5);

  private ManifestBuilder() {}

  public static ObjectNode build(Workspace ws, TemplateAgent agent, List<String> authorizedKeys,
      Duration statsInterval) {
    TemplateAgent a = agent == null ? new TemplateAgent() : agent;
    ObjectNode m = Json.mapper().createObjectNode();
    m.put("workspace", ws.getMetadata().getName());
    m.put("namespace", ws.getMetadata().getNamespace());
    m.put("owner", ws.getSpec().getOwner());
    ArrayNode keys = m.putArray("sshAuthorizedKeys");
    authorizedKeys.forEach(keys::add);
    m.put("startupScript", a.getStartupScript() == null ? "" : a.getStartupScript());
    m.put("startupTimeoutMs", duration(a.getStartupTimeout(), STARTUP_TIMEOUT).toMillis());
    m.put("shutdownScript", a.getShutdownScript() == null ? "" : a.getShutdownScript());
    m.put("shutdownTimeoutMs", duration(a.getShutdownTimeout(), SHUTDOWN_TIMEOUT).toMillis());
    m.set("env", Json.mapper().valueToTree(a.getEnv()));
    if (a.getDirectory() != null) {
      m.put("directory", a.getDirectory());
    }
    ArrayNode apps = m.putArray("apps");
    for (AgentApp app : a.getApps()) {
      apps.addObject().put("slug", app.getSlug()).put("displayName", app.getDisplayName()).put("url", app.getUrl());
    }
    ArrayNode metadata = m.putArray("metadata");
    for (AgentMetadata md : a.getMetadata()) {
      metadata.addObject().put("key", md.getKey()).put("displayName", md.getDisplayName())
          .put("script", md.getScript())
          .put("intervalMs", duration(md.getInterval(), METADATA_INTERVAL).toMillis())
          .put("timeoutMs", duration(md.getTimeout(), METADATA_TIMEOUT).toMillis());
    }
    m.put("statsIntervalMs", statsInterval.toMillis());
    return m;
  }

  private static Duration duration(String text, Duration fallback) {
    // The template was validated when its version was made; a bad value here falls back rather than fail a connect.
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      return Durations.parse("duration", text);
    } catch (IllegalArgumentException e) {
      return fallback;
    }
  }
}
