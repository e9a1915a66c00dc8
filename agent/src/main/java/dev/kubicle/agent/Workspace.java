package dev.kubicle.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The current manifest and what follows from it for every child process: directory, environment, shell. */
public final class Workspace {
  /** Variables a workspace process must never see: the token would let it impersonate the agent. */
  private static final String[] SECRET_VARIABLES = {"KUBICLE_AGENT_TOKEN", "KUBICLE_AGENT_TOKEN_FILE"};

  private final Path defaultDirectory;
  private final Map<String, String> processEnv;
  private volatile Manifest manifest = Manifest.empty();

  public Workspace(Path defaultDirectory, Map<String, String> processEnv) {
    this.defaultDirectory = defaultDirectory;
    this.processEnv = processEnv;
  }

  public Manifest manifest() {
    return manifest;
  }

  public void setManifest(Manifest manifest) {
    this.manifest = manifest;
  }

  /** The manifest's directory, or the configured default when it names none. */
  public Path directory() {
    String dir = manifest.directory();
    return dir == null || dir.isBlank() ? defaultDirectory : Path.of(dir);
  }

  /** Relative paths in requests resolve against the workspace directory. */
  public Path resolve(String path) {
    return directory().resolve(path).normalize();
  }

  /** The agent's own environment without secrets, plus the manifest's variables. */
  public Map<String, String> childEnv() {
    Map<String, String> env = new HashMap<>(processEnv);
    for (String secret : SECRET_VARIABLES) {
      env.remove(secret);
    }
    env.putAll(manifest.envOrEmpty());
    return env;
  }

  /** The login shell: $SHELL when it exists, else bash, else sh. */
  public String shell() {
    String fromEnv = processEnv.get("SHELL");
    if (fromEnv != null && Files.isExecutable(Path.of(fromEnv))) {
      return fromEnv;
    }
    return Files.isExecutable(Path.of("/bin/bash")) ? "/bin/bash" : "/bin/sh";
  }
}
