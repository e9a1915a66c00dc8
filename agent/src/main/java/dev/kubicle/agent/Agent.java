package dev.kubicle.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.agent.connection.ConnectionHandler;
import dev.kubicle.agent.lifecycle.Lifecycle;
import dev.kubicle.agent.lifecycle.MetadataCollector;
import dev.kubicle.agent.lifecycle.StartupRunner;
import dev.kubicle.agent.lifecycle.StatsReporter;
import dev.kubicle.agent.requests.RequestDispatcher;
import dev.kubicle.agent.ssh.AuthorizedKeys;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agent's side of the protocol: what it says on connect and what it does with manifests and requests. */
public final class Agent implements ConnectionHandler {
  private static final Logger log = LoggerFactory.getLogger(Agent.class);

  private final String version;
  private final Workspace workspace;
  private final Lifecycle lifecycle;
  private final StatsReporter stats;
  private final StartupRunner startup;
  private final MetadataCollector metadata;
  private final AuthorizedKeys sshKeys;
  private final RequestDispatcher requests;

  public Agent(String version, Workspace workspace, Lifecycle lifecycle, StatsReporter stats, StartupRunner startup,
      MetadataCollector metadata, AuthorizedKeys sshKeys, RequestDispatcher requests) {
    this.version = version;
    this.workspace = workspace;
    this.lifecycle = lifecycle;
    this.stats = stats;
    this.startup = startup;
    this.metadata = metadata;
    this.sshKeys = sshKeys;
    this.requests = requests;
  }

  @Override
  public List<ObjectNode> greeting() {
    return List.of(hello(), lifecycle.frame(), stats.frame());
  }

  @Override
  public void onFrame(JsonNode frame) {
    switch (frame.path("type").asText()) {
      case "manifest" -> onManifest(frame.get("manifest"));
      case "request" -> requests.onRequest(frame);
      default -> log.debug("ignoring a frame of type {}", frame.path("type").asText());
    }
  }

  private void onManifest(JsonNode node) {
    if (node == null || !node.isObject()) {
      log.warn("ignoring a manifest frame without a manifest object");
      return;
    }
    Manifest manifest;
    try {
      manifest = Json.MAPPER.treeToValue(node, Manifest.class);
    } catch (JsonProcessingException e) {
      log.warn("ignoring a manifest that does not fit the protocol: {}", e.getOriginalMessage());
      return;
    }
    log.info("manifest for workspace {}/{}", manifest.namespace(), manifest.workspace());
    workspace.setManifest(manifest);
    sshKeys.update(manifest.authorizedKeys());
    stats.setInterval(manifest.statsInterval());
    metadata.setItems(manifest.metadataOrEmpty());
    startup.onManifest(manifest);
  }

  private ObjectNode hello() {
    ObjectNode hello = Json.frame("hello");
    hello.put("version", version);
    hello.put("os", System.getProperty("os.name").toLowerCase(Locale.ROOT));
    hello.put("arch", arch(System.getProperty("os.arch")));
    hello.put("hostname", hostname());
    hello.put("pid", ProcessHandle.current().pid());
    return hello;
  }

  /** Go-style names, as templates and Coder use them. */
  static String arch(String javaArch) {
    return switch (javaArch) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      case "arm" -> "armv7";
      default -> javaArch;
    };
  }

  private static String hostname() {
    String fromEnv = System.getenv("HOSTNAME");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "unknown";
    }
  }
}
