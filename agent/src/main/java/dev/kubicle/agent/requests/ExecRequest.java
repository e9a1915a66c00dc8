package dev.kubicle.agent.requests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.agent.Json;
import dev.kubicle.agent.Workspace;
import dev.kubicle.agent.process.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The {@code exec} method: a command run non-interactively, as an AI agent's tool call or a one-off from the console. */
public final class ExecRequest implements RequestHandler {
  /** The protocol's defaults. */
  static final long DEFAULT_TIMEOUT_MS = 60_000;
  static final int DEFAULT_MAX_OUTPUT_BYTES = 65_536;
  /** Per stream; beyond this an answer would strain the connection more than help anyone. */
  static final int MAX_OUTPUT_BYTES_LIMIT = 8 * 1024 * 1024;

  private final Workspace workspace;
  private final CommandRunner runner;

  public ExecRequest(Workspace workspace, CommandRunner runner) {
    this.workspace = workspace;
    this.runner = runner;
  }

  @Override
  public ObjectNode handle(JsonNode json) throws Exception {
    Params params = new Params(json);
    String command = params.requiredText("command");
    String workdir = params.text("workdir", null);
    Path dir = workdir == null ? workspace.directory() : workspace.resolve(workdir);
    long timeoutMs = params.number("timeoutMs", DEFAULT_TIMEOUT_MS);
    long maxOutput = params.number("maxOutputBytes", DEFAULT_MAX_OUTPUT_BYTES);
    if (timeoutMs <= 0) {
      throw RequestError.badRequest("params.timeoutMs must be positive");
    }
    if (maxOutput < 0) {
      throw RequestError.badRequest("params.maxOutputBytes must not be negative");
    }
    if (maxOutput > MAX_OUTPUT_BYTES_LIMIT) {
      throw new RequestError("too_large", "params.maxOutputBytes may be at most " + MAX_OUTPUT_BYTES_LIMIT);
    }
    if (!Files.isDirectory(dir)) {
      throw new RequestError("not_found", "working directory does not exist: " + dir);
    }
    Map<String, String> env = workspace.childEnv();
    // Nothing may wait for a human: no pager, no terminal prompts, no colours.
    env.put("TERM", "dumb");
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.put("PAGER", "cat");
    env.putAll(params.stringMap("env"));
    CommandRunner.Result result;
    try {
      result = runner.run(command, dir, env, timeoutMs, (int) maxOutput);
    } catch (IOException e) {
      throw new RequestError("io_error", "cannot start /bin/sh: " + e.getMessage());
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    if (result.exitCode() == null) {
      out.putNull("exitCode");
    } else {
      out.put("exitCode", result.exitCode());
    }
    out.put("stdout", result.stdout());
    out.put("stderr", result.stderr());
    out.put("truncated", result.truncated());
    out.put("timedOut", result.timedOut());
    out.put("durationMs", result.durationMs());
    return out;
  }
}
