package dev.kubicle.agent;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The agent's settings, read from the environment (docs/agent-protocol.md, "Agent configuration"). */
public record AgentConfig(URI connectUri, String token, int sshPort, String sshListen, Path sshHostKey,
    Path defaultDirectory) {

  public static final String CONNECT_PATH = "/api/v1/agent/connect";

  /** Reads and checks every variable; the message says which one is wrong and how to fix it. */
  public static AgentConfig fromEnvironment(Map<String, String> env) {
    String url = trimmed(env.get("KUBICLE_AGENT_URL"));
    if (url == null) {
      throw new ConfigException(
          "KUBICLE_AGENT_URL is not set: set it to the control plane's base URL, e.g. http://kubicle:8080");
    }
    URI connectUri = connectUri(url);
    String token = token(env);
    int sshPort = sshPort(trimmed(env.get("KUBICLE_AGENT_SSH_PORT")));
    String sshListen = sshListen(trimmed(env.get("KUBICLE_AGENT_SSH_LISTEN")));
    String hostKey = trimmed(env.get("KUBICLE_AGENT_SSH_HOST_KEY"));
    Path hostKeyPath = hostKey != null
        ? Path.of(hostKey)
        : Path.of(System.getProperty("user.home"), ".kubicle-agent", "ssh_host_key");
    String dir = trimmed(env.get("KUBICLE_AGENT_DIR"));
    Path directory = (dir != null ? Path.of(dir) : Path.of("")).toAbsolutePath().normalize();
    return new AgentConfig(connectUri, token, sshPort, sshListen, hostKeyPath, directory);
  }

  /** http becomes ws and https becomes wss; the connect path is appended to whatever base path is given. */
  static URI connectUri(String baseUrl) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    String lower = base.toLowerCase();
    String ws;
    if (lower.startsWith("http://")) {
      ws = "ws://" + base.substring("http://".length());
    } else if (lower.startsWith("https://")) {
      ws = "wss://" + base.substring("https://".length());
    } else if (lower.startsWith("ws://") || lower.startsWith("wss://")) {
      ws = base;
    } else {
      throw new ConfigException("KUBICLE_AGENT_URL must start with http:// or https://, got: " + baseUrl);
    }
    try {
      URI uri = new URI(ws + CONNECT_PATH);
      if (uri.getHost() == null) {
        throw new ConfigException("KUBICLE_AGENT_URL has no host: " + baseUrl);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigException("KUBICLE_AGENT_URL is not a valid URL (" + e.getMessage() + "): " + baseUrl);
    }
  }

  private static String token(Map<String, String> env) {
    String token = trimmed(env.get("KUBICLE_AGENT_TOKEN"));
    if (token != null) {
      return token;
    }
    String file = trimmed(env.get("KUBICLE_AGENT_TOKEN_FILE"));
    if (file == null) {
      throw new ConfigException("KUBICLE_AGENT_TOKEN is not set (nor KUBICLE_AGENT_TOKEN_FILE): "
          + "the agent needs its workspace's token to connect");
    }
    try {
      String fromFile = trimmed(Files.readString(Path.of(file), StandardCharsets.UTF_8));
      if (fromFile == null) {
        throw new ConfigException("KUBICLE_AGENT_TOKEN_FILE " + file + " is empty");
      }
      return fromFile;
    } catch (IOException e) {
      // The message names the file, never its content.
      throw new ConfigException("KUBICLE_AGENT_TOKEN_FILE " + file + " cannot be read: " + e);
    }
  }

  private static int sshPort(String value) {
    if (value == null) {
      return 2222;
    }
    try {
      int port = Integer.parseInt(value);
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new ConfigException("KUBICLE_AGENT_SSH_PORT must be a port number (0 picks a free one), got: " + value);
    }
  }

  /**
   * The addresses the SSH server binds, comma-separated IP literals (no names: a DNS answer must not decide where a
   * workspace listens); null binds every address, right in a pod, whose only address is its own.
   */
  private static String sshListen(String value) {
    if (value == null) {
      return null;
    }
    List<String> addresses = new ArrayList<>();
    for (String part : value.split(",")) {
      String address = part.strip();
      if (!address.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !address.matches("[0-9a-fA-F:]*:[0-9a-fA-F:.]*")) {
        throw new ConfigException("KUBICLE_AGENT_SSH_LISTEN must list IP addresses separated by commas (like "
            + "127.0.0.1), got: " + value);
      }
      addresses.add(address);
    }
    return String.join(",", addresses);
  }

  private static String trimmed(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    return value.strip();
  }

  /** Never prints the token, so a config can be logged safely. */
  @Override
  public String toString() {
    return "AgentConfig[connectUri=" + connectUri + ", sshPort=" + sshPort + ", sshListen=" + sshListen
        + ", sshHostKey=" + sshHostKey
        + ", defaultDirectory=" + defaultDirectory + "]";
  }
}
